package engine

import (
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/internal/suggest"
)

// Splunk's own search commands and eval functions (Search Reference,
// "Command quick reference" and "Evaluation functions", Splunk Enterprise
// 9.x; also its internal commands and the awssnsalert/discretize names),
// plus the add-on commands security content uses. A name outside
// these lists is a mistake Splunk rejects ("Unknown search command",
// "The 'x' function is unsupported or undefined"), so it is reported as
// invalid with the nearest known name; a listed name dactest does not run
// is unsupported.
var splunkCommands = words(`
abstract accum addcoltotals addinfo addtotals analyzefields anomalies
anomalousvalue anomalydetection append appendcols appendpipe arules associate
audit autoregress bin bucket bucketdir chart cluster cofilter collect
concurrency contingency convert correlate counttable ctable datamodel
datamodelsimple dbinspect dedup delete delta diff entitymerge erex eval
eventcount eventstats extract fieldformat fields fieldsummary filldown
fillnull findtypes folderize foreach format from fromjson gauge gentimes
geom geomfilter geostats head highlight history iconify inputcsv
inputintelligence inputlookup iplocation join kmeans kv kvform loadjob
localize localop lookup makecontinuous makejson makemv makeresults map
mcatalog mcollect metadata metasearch meventcollect mpreview msearch mstats
multikv multisearch mvcombine mvexpand nomv outlier outputcsv outputlookup
outputtext overlap pivot predict rangemap rare redistribute regex reltime
rename replace require rest return reverse rex rtorder run savedsearch
script scrub search searchtxn selfjoin sendalert sendemail set setfields
sichart sirare sistats sitimechart sitop sort spath stats strcat streamstats
table tags tail timechart timewrap tojson top transaction transpose trendline
tscollect tstats typeahead typelearner typer union uniq untable walklex where
x11 xmlkv xmlunescape xpath xyseries
awssnsalert discretize collapse dump noop prjob runshellscript
fit apply summary score cyberchef dbxquery ldapsearch ldapfilter ldapgroup
`)

var splunkFunctions = words(`
abs acos acosh asin asinh atan atan2 atanh bit_and bit_not bit_or bit_shift_left
bit_shift_right bit_xor case cidrmatch ceil ceiling coalesce commands cos cosh
exact exp false floor hypot if in ipmask isarray isbool isdouble isint
isnotnull isnull isnum isobject isstr json json_append json_array
json_array_to_mv json_delete json_entries json_extend json_extract
json_extract_exact json_has_key_exact json_keys json_object json_set
json_set_exact json_valid len like ln log lookup lower ltrim match max md5
min mktime mvappend mvcount mvdedup mvfilter mvfind mvindex mvjoin mvmap
mvrange mvsort mvzip now null nullif pi pow printf random relative_time
replace round rtrim searchmatch sha1 sha256 sha512 sigfig sin sinh spath
split sqrt strftime strptime substr tan tanh time toarray tobool todouble
toint tojson tomv tonumber toobject tostring trim true typeof upper
urldecode validate avg sum mv_to_json_array
`)

func words(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(s) {
		out[w] = true
	}
	return out
}

// didYouMean is " (did you mean x?)" for the nearest known name, or "".
func didYouMean(name string, known map[string]bool) string {
	names := make([]string, 0, len(known))
	for k := range known {
		names = append(names, k)
	}
	sort.Strings(names)
	if near := suggest.Nearest(name, names); near != "" {
		return "did you mean " + near + "?"
	}
	return ""
}
