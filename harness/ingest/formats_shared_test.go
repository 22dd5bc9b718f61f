package ingest

// attackDataTarGz are attack_data's three NXLog JSON captures (~8k events each).
var attackDataTarGz = []string{
	"attack_data/datasets/attack_techniques/T1027/atomic_red_team/attack_data.tar.gz",
	"attack_data/datasets/attack_techniques/T1047/atomic_red_team/attack_data.tar.gz",
	"attack_data/datasets/attack_techniques/T1053.005/atomic_red_team/attack_data.tar.gz",
}
