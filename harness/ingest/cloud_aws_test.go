package ingest

import (
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// Field values of the Splunk Add-on for AWS (Splunk_TA_aws 7.x,
// default/props.conf [aws:cloudtrail], [aws:cloudwatchlogs:vpcflow],
// [aws:cloudfront:accesslogs], [aws:securityhub:finding]; transforms.conf;
// lookups/*.csv; eventtypes.conf + tags.conf), on the events Splunk showed
// in security_content's data sources. Each expected value is worked out
// from the add-on's rule named in the comment.
func TestAWSCloudTrailFields(t *testing.T) {
	checkFields(t, []fieldCase{
		{"ConsoleLogin failure", fromExample("aws_cloudtrail_consolelogin.yml"), map[string]string{
			// EVAL-errorCode: no errorCode, responseElements.ConsoleLogin=Failure -> "failure";
			// action/status: ConsoleLogin,* row of aws_cloudtrail_action_status_7100.csv.
			"errorCode": "failure", "action": "failure", "status": "failure",
			"msg":                   "success", // EVAL-msg reads the raw errorCode (absent)
			"authentication_method": "SFA",     // MFAUsed=No on ConsoleLogin
			"dest":                  "https://console.aws.amazon.com",
			"user":                  "HIDDEN_DUE_TO_SECURITY_REASONS", // AwsConsoleSignIn branch
			"user_id":               "140429656527",                   // IAMUser ConsoleLogin: no principalId -> accountId
			"user_type":             "IAMUser",
			"src":                   "142.254.89.27", "src_ip": "142.254.89.27",
			"app": "AwsConsoleSignIn", "signature": "ConsoleLogin", "command": "ConsoleLogin",
			"aws_account_id": "140429656527", "vendor_account": "140429656527",
			"region": "us-east-1", "dvc": "signin.amazonaws.com", "vendor_product": "AWS CloudTrail",
			"object_category": "unknown", // default_match of aws_cloudtrail_eventname_lookup
			"reason":          "No username found in supplied account",
			// additionalEventData.LoginTo is set: consolelogin_auth (authentication), not auth_privileged.
			"eventtype": "aws_cloudtrail_auth|aws_cloudtrail_consolelogin_auth|aws_cloudtrail_errors",
			"tag":       "authentication|cloud|default|error",
			"user_arn":  "", "src_user": "",
		}},
		{"DeleteGroup error", fromExample("aws_cloudtrail_deletegroup.yml"), map[string]string{
			"errorCode": "NoSuchEntityException", "msg": "NoSuchEntityException", "result_id": "NoSuchEntityException",
			"action": "unknown", "status": "failure", // DeleteGroup,* row
			"change_type": "AAA", // eventSource iam.amazonaws.com
			"user":        "bhavin_cli", "user_name": "bhavin_cli", "src_user": "bhavin_cli",
			"user_arn": "arn:aws:iam::121522247101:user/bhavin_cli",
			"user_id":  "", // eventType AwsApiCall branch: no assumedRoleUser in the response
			"dest":     "iam.amazonaws.com",
			"tag":      "account|change|cloud|error|management",
		}},
		{"CreateNetworkAclEntry", fromExample("aws_cloudtrail_createnetworkaclentry.yml"), map[string]string{
			"action": "modified", "status": "success", "errorCode": "success",
			"change_type": "firewall", "object_category": "ACL",
			"object": "acl-078ccebebcbabe175", "object_id": "acl-078ccebebcbabe175",
			"object_attrs": "ruleAction=allow", "rule_action": "allow",
			"direction": "Inbound", "src_ip_range": "0.0.0.0/0",
			"protocol_code": "-1", "protocol": "unknown", // -1 row of the protocol code lookup
			"user_name": "okta_adm_role", "user_type": "AssumedRole",
			"tag": "change|cloud|network",
		}},
		{"CreateAccessKey for another user", rawCloudTrail(`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDA1","arn":"arn:aws:iam::111:user/admin","accountId":"111","userName":"admin"},"eventTime":"2021-01-01T00:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey","awsRegion":"us-east-1","sourceIPAddress":"1.2.3.4","userAgent":"aws-cli","requestParameters":{"userName":"victim"},"responseElements":{"accessKey":{"userName":"victim","accessKeyId":"AKIAX","status":"Active"}},"eventType":"AwsApiCall","recipientAccountId":"111"}`), map[string]string{
			"user": "victim", "user_name": "victim", "object": "victim", "object_id": "AKIAX",
			"object_attrs": "status=Active", "src_user": "admin", "src_user_name": "admin", "src_user_type": "IAMUser",
			"src_user_id": "", // %User pattern: CreateAccessKey does not end in User
			"user_type":   "", // null() branch for CreateAccessKey
			"action":      "modified", "status": "success", "change_type": "AAA", "object_category": "user",
		}},
		{"AssumeRole by an assumed role", rawCloudTrail(`{"userIdentity":{"type":"AssumedRole","principalId":"AROA1:session","arn":"arn:aws:sts::111:assumed-role/r1/session","accountId":"111","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROA1","userName":"r1"},"attributes":{"mfaAuthenticated":"false"}}},"eventSource":"sts.amazonaws.com","eventName":"AssumeRole","eventType":"AwsApiCall","requestParameters":{"roleArn":"arn:aws:iam::222:role/target"},"responseElements":{"assumedRoleUser":{"arn":"arn:aws:sts::222:assumed-role/target/s2","assumedRoleId":"AROA2:s2"}},"recipientAccountId":"111"}`), map[string]string{
			"user": "target", "user_id": "AROA2", "src_user": "r1", "src_user_name": "r1",
			"src_user_id": "AROA1", "src_user_role": "arn:aws:sts::111:assumed-role/r1/session",
			"user_role": "arn:aws:iam::222:role/target", "authentication_method": "SFA",
			"dest": "sts.amazonaws.com", "action": "success", "status": "success", "change_type": "AAA",
			"eventtype": "aws_cloudtrail_assumeRole_auth|aws_cloudtrail_auth", "tag": "assume_role|cloud",
		}},
		{"CreateAccessKey denied", rawCloudTrail(`{"userIdentity":{"type":"IAMUser","principalId":"AIDA1","arn":"arn:aws:iam::111:user/bob","accountId":"111","userName":"bob"},"eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey","eventType":"AwsApiCall","errorCode":"AccessDenied","errorMessage":"User: arn:aws:iam::111:user/bob is not authorized to perform: iam:CreateAccessKey on resource: user alice","recipientAccountId":"111"}`), map[string]string{
			// replace(errorMessage, ".*resource\s*:\s*(?:user\s*)?(.*)", "\1")
			"user": "alice", "user_name": "alice", "object": "alice", "object_id": "alice",
			"object_attrs": "user", "action": "modified", "status": "failure", "msg": "AccessDenied",
			"eventtype": "aws_cloudtrail_change|aws_cloudtrail_errors|aws_cloudtrail_iam_change|aws_cloudtrail_iam_change_acctmgmt",
		}},
		{"RunInstances", rawCloudTrail(`{"userIdentity":{"type":"IAMUser","userName":"bob","accountId":"111"},"eventSource":"ec2.amazonaws.com","eventName":"RunInstances","eventType":"AwsApiCall","requestParameters":{"instanceType":"t2.micro","instancesSet":{"items":[{"imageId":"ami-1"}]}},"responseElements":{"instancesSet":{"items":[{"instanceId":"i-1","networkInterfaceSet":{"items":[{"macAddress":"0a:1","privateIpAddress":"10.0.0.5"}]}}]}},"recipientAccountId":"111"}`), map[string]string{
			"object": "i-1", "object_id": "i-1", "dest": "i-1", "image_id": "ami-1", "instance_type": "t2.micro",
			"object_attrs":    "macAddress=0a:1, privateIpAddress=10.0.0.5",
			"object_category": "instance", "change_type": "virtual_server", "action": "created", "status": "success",
			"eventtype": "aws_cloudtrail_ec2_events|aws_cloudtrail_instance", "tag": "change|cloud|instance",
		}},
		{"CreateVpc named by its tag", rawCloudTrail(`{"userIdentity":{"type":"IAMUser","userName":"bob","accountId":"111"},"eventSource":"ec2.amazonaws.com","eventName":"CreateVpc","eventType":"AwsApiCall","requestParameters":{"cidrBlock":"10.1.0.0/16"},"responseElements":{"vpc":{"vpcId":"vpc-9","cidrBlock":"10.1.0.0/16"},"tagSet":{"items":[{"key":"Env","value":"x"},{"key":"Name","value":"prod-vpc"}]}},"recipientAccountId":"111"}`), map[string]string{
			"object": "prod-vpc", "object_id": "vpc-9", "object_attrs": "cidrBlock:10.1.0.0/16", "object_category": "vpc",
			"user": "bob", // CreateVpc: coalesce(sessionIssuer.userName, userIdentity.userName)
		}},
		{"Decrypt", rawCloudTrail(`{"userIdentity":{"type":"AssumedRole","principalId":"AROA:sess","accountId":"111","sessionContext":{"sessionIssuer":{"userName":"role1"}}},"eventSource":"kms.amazonaws.com","eventName":"Decrypt","eventType":"AwsApiCall","requestParameters":{"encryptionAlgorithm":"SYMMETRIC_DEFAULT"},"recipientAccountId":"111"}`), map[string]string{
			"object": "ciphertext", "object_attrs": "encryptionAlgorithm:SYMMETRIC_DEFAULT", "object_category": "ciphertext",
			"user": "role1", "change_type": "AAA", "action": "read",
		}},
		{"ConsoleLogin without LoginTo is privileged", rawCloudTrail(`{"userIdentity":{"type":"Root","principalId":"111","arn":"arn:aws:iam::111:root","accountId":"111"},"eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","eventType":"AwsConsoleSignIn","responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"Yes"},"recipientAccountId":"111"}`), map[string]string{
			"errorCode": "success", "action": "success", "authentication_method": "MFA",
			"eventtype": "aws_cloudtrail_auth|aws_cloudtrail_auth_privileged|aws_cloudtrail_multifactor_auth",
			"tag":       "authentication|cloud|multifactor|privileged",
			"dest":      "signin.amazonaws.com",
		}},
	})
}

func TestAWSOtherSourcetypeFields(t *testing.T) {
	checkFields(t, []fieldCase{
		{"VPC flow (report-vpcflowlogs-default)", fromExample("aws_cloudwatchlogs_vpcflow.yml"), map[string]string{
			"version": "2", "account_id": "123397614277", "interface_id": "eni-0b0f9f261f45e6489",
			"src": "10.0.1.30", "dest": "10.0.1.1", "src_port": "47254", "dest_port": "22",
			"protocol_code": "17", "protocol": "udp", "transport": "udp", "protocol_full_name": "User Datagram",
			"packets": "2", "bytes": "98", "duration": "28", "vpcflow_action": "ACCEPT", "action": "allowed",
			"dvc": "eni-0b0f9f261f45e6489", "protocol_version": "IPV4", "app": "AWS VPC Flow Logs",
			"eventtype": "vpcflow", "tag": "cloud|communicate|network",
		}},
		{"VPC flow reject, unknown protocol", func(t *testing.T) event.Row {
			return applyToRaw(t, "2 1 eni-1 10.0.0.1 10.0.0.2 - - 300 - - 1697608042 1697608070 REJECT OK\n", Meta{Source: "x", Sourcetype: "aws:cloudwatchlogs:vpcflow"})
		}, map[string]string{
			"action": "blocked", "dest_port": "unknown", "bytes": "unknown",
			"protocol": "unknown", "transport": "unknown", // 300 matches no row: default_match unknown
		}},
		{"CloudFront web access log", fromExample("aws_cloudfront.yml"), map[string]string{
			"x_edge_location": "IAD55-P5", "c_ip": "44.192.78.55", "src": "44.192.78.55",
			"http_method": "GET", "status": "200", "bytes": "1153", "bytes_in": "232", "bytes_out": "921",
			"time_taken": "276", "duration": "0.276", "cached": "false",
			"url":  "https://confluence.catjamfest.com/plugins/servlet/com.jsos.shell/ShellServlet",
			"dest": "confluence.catjamfest.com", "url_domain": "confluence.catjamfest.com",
			"uri_path": "/plugins/servlet/com.jsos.shell/ShellServlet", "uri_query": "",
			"http_user_agent": "Slackbot-LinkExpanding%201.0%20(+https://api.slack.com/robots)",
			"tag":             "web",
		}},
		{"Security Hub GuardDuty finding", fromExample("aws_security_hub.yml"), map[string]string{
			"signature": "Unusual reads of objects in S3 bucket GeneratedFindingS3Bucket.",
			"severity":  "low", "severity_id": "20", "type": "warning",
			"id":   "6aba6b696aea10606e8b336f68d98819",
			"user": "GeneratedFindingUserName", // Resources{}.Details.AwsIamAccessKey.PrincipalName
			"tag":  "alert|cloud",
		}},
	})
}

func rawCloudTrail(raw string) func(t *testing.T) event.Row {
	return func(t *testing.T) event.Row {
		return applyToRaw(t, raw+"\n", Meta{Source: "aws_cloudtrail", Sourcetype: "aws:cloudtrail"})
	}
}
