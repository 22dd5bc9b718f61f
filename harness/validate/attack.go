package validate

import (
	"encoding/json"
	"fmt"
	"os"
)

// Attack is the set of current ATT&CK technique ids of a STIX 2 bundle.
type Attack map[string]bool

// LoadAttack reads an ATT&CK STIX 2.x bundle (enterprise-attack.json from
// mitre-attack/attack-stix-data): every attack-pattern's mitre-attack
// external id, leaving out revoked and deprecated techniques, which
// contentctl's ATT&CK enrichment does not resolve either.
func LoadAttack(path string) (Attack, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var bundle struct {
		Type    string `json:"type"`
		Objects []struct {
			Type       string `json:"type"`
			Revoked    bool   `json:"revoked"`
			Deprecated bool   `json:"x_mitre_deprecated"`
			Refs       []struct {
				Source string `json:"source_name"`
				ID     string `json:"external_id"`
			} `json:"external_references"`
		} `json:"objects"`
	}
	if err := json.Unmarshal(data, &bundle); err != nil {
		return nil, fmt.Errorf("%s: not a STIX bundle: %w", path, err)
	}
	if bundle.Type != "bundle" {
		return nil, fmt.Errorf("%s: not a STIX bundle (type %q)", path, bundle.Type)
	}
	ids := Attack{}
	for _, o := range bundle.Objects {
		if o.Type != "attack-pattern" || o.Revoked || o.Deprecated {
			continue
		}
		for _, r := range o.Refs {
			if r.Source == "mitre-attack" && mitreRE.MatchString(r.ID) {
				ids[r.ID] = true
			}
		}
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("%s: the bundle has no ATT&CK techniques", path)
	}
	return ids, nil
}
