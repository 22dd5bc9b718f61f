package validate

// Enumerations as contentctl defines them (enums.py, constants.py, rba.py).
// They are data: extend them here when contentctl grows a value.
var (
	detectionStatuses = set("production", "experimental", "deprecated", "validation", "removed")
	detectionTypes    = set("TTP", "Anomaly", "Hunting", "Correlation")
	securityDomains   = set("endpoint", "network", "threat", "identity", "access", "audit", "cloud")
	products          = set("Splunk Enterprise", "Splunk Enterprise Security", "Splunk Cloud",
		"Splunk Security Analytics for AWS", "Splunk Behavioral Analytics")
	assetTypes = set(
		"AWS Account", "AWS EKS Kubernetes cluster", "AWS Federated Account", "AWS Instance",
		"Account", "Amazon EKS Kubernetes cluster", "Amazon EKS Kubernetes cluster Pod",
		"Amazon Elastic Container Registry", "Azure", "Azure AD", "Azure AD Tenant",
		"Azure AKS Kubernetes cluster", "Azure Active Directory", "Azure Tenant", "CircleCI",
		"Cisco Duo Administrator", "Cisco Duo User", "Cloud Compute Instance", "Cloud Instance",
		"DNS Servers", "Database Server", "Domain Server", "EC2 Snapshot", "Endpoint", "GCP",
		"GCP Account", "GCP GKE EKS Kubernetes cluster", "GCP GKE Kubernetes cluster",
		"GCP Kubernetes cluster", "GCP Storage Bucket", "GDrive", "GSuite", "GitHub",
		"Google Cloud Platform tenant", "Identity", "Infrastructure", "Instance", "Kubernetes",
		"Network", "O365 Tenant", "Office 365", "Okta Tenant", "Proxy", "S3 Bucket",
		"Splunk Server", "VPN Appliance", "Web Application", "Web Proxy", "Web Server", "Windows",
	)
	observableTypes = set("Unknown", "Hostname", "IP Address", "MAC Address", "User Name",
		"Email Address", "URL String", "File Name", "File Hash", "Process Name", "Resource UID",
		"Endpoint", "User", "Email", "Uniform Resource Locator", "File", "Process",
		"Geo Location", "Container", "Registry Key", "Registry Value", "Other")
	observableRoles = set("Other", "Unknown", "Actor", "Target", "Attacker", "Victim",
		"Parent Process", "Child Process", "Known Bad", "Data Loss", "Observer")
	riskObjectTypes   = set("system", "user", "other")
	threatObjectTypes = set("certificate_common_name", "certificate_organization",
		"certificate_serial", "certificate_unit", "command", "domain", "email_address",
		"email_subject", "file_hash", "file_name", "file_path", "http_user_agent", "ip_address",
		"process", "process_name", "parent_process", "parent_process_name", "process_hash",
		"registry_path", "registry_value_name", "registry_value_text", "service", "signature",
		"system", "tls_hash", "url")
)

func set(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}
