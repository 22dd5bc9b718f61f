package engine

import "testing"

// people is the shared fixture for search-command rows.
const people = `
_time=100; host=WS1; user=alice; action=success; n=5; _raw=Alice logged in from 10.0.0.5
_time=200; host=ws2; user=Bob; action=failure; n=15; _raw=bob failed login: bad password
_time=300; host=WS1; user=carol; action=success; n=7; tag=a|b; _raw=carol logged-in ok
_time=400; host=srv3; n=abc; _raw=system event no user
`

func TestSearchSemantics(t *testing.T) {
	runSemCases(t, []semCase{
		// Events come back newest first, as Splunk returns them.
		{"all events newest first", people, `* | table host`, "host\nsrv3\nWS1\nws2\nWS1"},
		{"field match case-insensitive", people, `user=ALICE | table user`, "user\nalice"},
		{"field name case-sensitive", people, `User=alice | table user`, "user"},
		{"quoted value", people, `user="bob" | table user`, "user\nBob"},
		{"wildcard suffix", people, `host=ws* | table host`, "host\nWS1\nws2\nWS1"},
		{"wildcard prefix", people, `host=*3 | table host`, "host\nsrv3"},
		{"wildcard middle", people, `user=c*l | table user`, "user\ncarol"},
		{"wildcard both ends", people, `user=*o* | table user`, "user\ncarol\nBob"},
		{"no wildcard is whole value", people, `user=ali | table user`, "user"},
		{"star means field exists", people, `user=* | table host`, "host\nWS1\nws2\nWS1"},
		// index is a default field of every Splunk event ("Use default
		// fields"), though replayed events carry none.
		{"index=* is every event", people, `index=* | table host`, "host\nsrv3\nWS1\nws2\nWS1"},
		{"index IN (*) is every event", people, `index IN (main, *) | table host`, "host\nsrv3\nWS1\nws2\nWS1"},
		{"implicit AND", people, `host=WS1 action=success n=7 | table user`, "user\ncarol"},
		{"explicit AND", people, `host=WS1 AND n=5 | table user`, "user\nalice"},
		{"OR", people, `user=alice OR user=bob | table user`, "user\nBob\nalice"},
		// OR binds tighter than AND (search reference: "The OR operator
		// takes precedence over AND"): a OR b c == (a OR b) AND c.
		{"OR tighter than AND", people, `user=alice OR user=bob action=success | table user`, "user\nalice"},
		{"OR tighter than AND reversed", people, `action=success user=carol OR user=bob | table user`, "user\ncarol"},
		{"parentheses", people, `(user=alice OR user=bob) OR host=srv3 | table host`, "host\nsrv3\nws2\nWS1"},
		// != needs the field; NOT also matches events without it (Search
		// Manual, "Use comparison operators": != "does not return events
		// that do not have the field"; "Difference between NOT and !=").
		{"not-equal requires field", people, `user!=alice | table host`, "host\nWS1\nws2"},
		{"NOT includes missing field", people, `NOT user=alice | table host`, "host\nsrv3\nWS1\nws2"},
		{"NOT of OR group", people, `NOT (user=alice OR user=bob) | table host`, "host\nsrv3\nWS1"},
		{"numeric greater", people, `n>6 | table n`, "n\n7\n15"},
		{"numeric less-equal", people, `n<=7 | table n`, "n\n7\n5"},
		{"text compare when value is text", people, `user>b | table user`, "user\ncarol"},
		{"numeric compare is not lexicographic", people, `n<10 | table n`, "n\n7\n5"},
		{"IN list", people, `user IN (alice, carol) | table user`, "user\ncarol\nalice"},
		{"IN with wildcard", people, `user IN (b*, x) | table user`, "user\nBob"},
		{"multivalue any value", people, `tag=b | table user`, "user\ncarol"},
		{"multivalue not-equal", people, `tag!=a | table user`, "user"},
		{"bare term in _raw", people, `password | table user`, "user\nBob"},
		{"bare term case-insensitive", people, `ALICE | table user`, "user\nalice"},
		{"bare term is a token", people, `log | table user`, "user"},
		{"bare term wildcard", people, `log* | table user`, "user\ncarol\nBob\nalice"},
		{"term breaks on punctuation", people, `logged | table user`, "user\ncarol\nalice"},
		{"quoted phrase", people, `"failed login" | table user`, "user\nBob"},
		{"term and field", people, `logged host=WS1 n>5 | table user`, "user\ncarol"},
		{"CIDR match", people, `n=* | search _raw=*10.0.0.5 | table user`, "user\nalice"},
		{"search command later in pipeline", people, `* | search user=carol | table user`, "user\ncarol"},
		{"search after eval sees new field", people, `* | eval u=upper(user) | search u=bob | table u`, "u\nBOB"},
		// Time modifiers resolve against the newest event (400 here): see
		// timebound.go for why. earliest is inclusive, latest exclusive.
		{"earliest relative to newest event", people, `earliest=-200s | table n`, "n\nabc\n7\n15"},
		{"latest exclusive", people, `latest=-100s | table n`, "n\n15\n5"},
		// latest=now keeps the newest event: the search runs after the replay.
		{"earliest epoch, latest=now", people, `earliest=300 latest=now | table n`, "n\nabc\n7"},
		{"earliest absolute date", people, `earliest="01/01/1970:00:05:00" | table n`, "n\nabc\n7"},
		{"bad time modifier", people, `earliest=yesterdayish`, "error: cannot read the time"},
		{"deprecated time modifier", people, `starthoursago=3 user=alice`, "error: time modifier starthoursago"},
	})
}

// Escapes: in SPL a quoted "\\\\*" is two backslashes then a wildcard, the
// UNC-path pattern of the Windows Remote Image Load detection.
const paths = `
_time=1; ImageLoaded=\\server\share\evil.dll
_time=2; ImageLoaded=C:\Windows\System32\kernel32.dll
_time=3; ImageLoaded=\local.dll
`

func TestSearchEscapes(t *testing.T) {
	runSemCases(t, []semCase{
		{"escaped backslashes UNC prefix", paths, `ImageLoaded="\\\\*" | table ImageLoaded`, `ImageLoaded
\\server\share\evil.dll`},
		{"single escaped backslash", paths, `ImageLoaded="\\*" | table _time`, "_time\n3\n1"},
		{"backslash inside value", paths, `ImageLoaded="C:\\Windows\\*" | table _time`, "_time\n2"},
		{"case-insensitive path", paths, `ImageLoaded="*\\system32\\*" | table _time`, "_time\n2"},
		// \" outside quotes is a literal quote and opens no quoted string:
		// the pipe after it still ends the search (kubernetes privileged pod).
		{"unquoted escaped quote", quotes, `cfg=*\"privileged\":true* | table _time`, "_time\n1"},
		{"unquoted escaped quote then stats", quotes, `cfg=*\"privileged\":true* | stats count`, "count\n1"},
	})
}

const quotes = `
_time=1; cfg={"privileged":true}
_time=2; cfg={"privileged":false}
`

const terms = `
_time=1; _raw=<Computer>win-dc.corp.local</Computer>
_time=2; _raw={"ip":"10.0.0.1","port":80}
_time=3; _raw=conn 10.0.0.1:443 open
_time=4; _raw=conn 10.0.0.10 open
_time=5; _raw=user=win-dc.corp.local.evil
`

// TERM(x) matches x bounded by major breakers (segmenters.conf MAJOR),
// not by minor ones such as ':' '.' '=' (10.0.0.1:443 is no TERM match).
func TestSearchTerm(t *testing.T) {
	runSemCases(t, []semCase{
		{"TERM inside XML", terms, `TERM(win-dc.corp.local) | table _time`, "_time\n1"},
		{"TERM inside JSON quotes", terms, `TERM(10.0.0.1) | table _time`, "_time\n2"},
		{"TERM not at a minor breaker", terms, `TERM(443) | table _time`, "_time"},
		{"plain term splits at minor breakers", terms, `443 | table _time`, "_time\n3"},
	})
}
