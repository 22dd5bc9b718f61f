// Package replay turns attack datasets into the events a Splunk instance
// would receive: it resolves attack_data dataset descriptors to files and
// their source/sourcetype, reads them through harness/ingest, moves their
// timestamps (attack_data's update_timestamp), writes them as normalized
// JSON lines and sends them to an HTTP Event Collector.
//
// The HEC client keeps every batch fixed once built: a retry resends the
// same bytes on the same channel, and a batch counts as delivered only
// after a 2xx reply (and, when the collector gives ack ids, after the ack
// says it was indexed). A collector that fails before answering discarded
// the request, so nothing is lost or duplicated; the one window Splunk's
// protocol cannot close (the collector indexed a batch but the reply was
// lost) is documented on Client.Send.
package replay
