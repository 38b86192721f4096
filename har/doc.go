// Package har streams HTTP Archive (HAR) files and finds every SAML protocol
// message in them.
//
// A HAR file can be hundreds of megabytes, so [Reader] never loads it whole:
// it walks log.entries one entry at a time with encoding/json's
// [json.Decoder.Token], and memory stays bounded by the largest single entry.
// Entries are decoded through lenient types, because real exports disagree
// with the HAR 1.2 text (and with each other): Chrome writes fractional
// times, Firebug writes "NaN-NaN-…" dates, proxies write timings beyond
// int32, some tools put numbers in quotes or null everywhere. An entry whose
// shape is wrong is reported as an [*EntryError] and the next entry is
// still read; a file that is not JSON, is truncated, or has no log.entries
// ends the iteration with a [*FileError].
//
// [Extract] turns one entry into the SAML values it carries ([saml.Encoded],
// each with a [saml.Source] saying where it was seen), and [Scan] runs both
// over a whole file and merges repeated sightings of one message (the IdP's
// auto-post page and the browser's POST to the service provider) into one.
// What they find for the checks is a [capture.Capture] (the messages, and
// the pages and exchanges [ScanWith] is asked to keep), embedded in
// [Capture] beside what only reading the HAR tells.
//
// [Scan] and [ScanWith] do not decode every entry: a fast scanner walks
// log.entries byte by byte, decodes only what can carry SAML (the request
// URL, query and body, the response status and Location header, bodies
// that may be HTML) and skips the rest, Base64 images and video, scripts,
// _initiator stacks, at memory-scanning speed without holding it. It runs
// at several hundred megabytes per second or more, and its memory depends
// neither on the size of the file nor on the size of its largest body
// ([ScanOptions.MaxBody] bounds the one case that holds a body: a body
// that mentions a SAML parameter). What it does not model exactly it hands
// to the strict decoder of [Reader], so both report the same messages,
// entry errors and fatal errors; [ScanOptions.Strict] uses the strict
// decoder throughout. [ScanOptions.OnMessage] hands each message on as
// soon as it is found, so that decoding and checking can run while the
// rest of the file is read.
//
// The package never judges what it finds: decoding and checking belong to
// the saml and checks packages.
package har
