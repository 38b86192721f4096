package checks

import (
	"time"
)

// TimelineEntry is one HTTP exchange of a HAR, reduced to what a login
// timeline shows. URL and Location have lost their query strings
// (binding.WithoutQuery).
type TimelineEntry struct {
	// Entry is the entry's index in log.entries.
	Entry int
	// Started is the entry's start time (zero when unknown).
	Started time.Time
	// Time is the entry's total time in milliseconds.
	Time float64
	// Method and URL are the request's.
	Method string
	URL    string
	// Status is the response's HTTP status (0 for a failed request).
	Status int
	// MimeType is the response's content type.
	MimeType string
	// Location is a redirect's target.
	Location string
}

// Display is what a message's summary holds for display only (the HTML
// report), outside the JSON form.
type Display struct {
	// XML is the decoded XML document as found; empty when the message
	// did not decode.
	XML string
	// RefTime is the reference time the time checks used, and
	// RefTimeSource where it came from (see Pass.RefTime).
	RefTime       time.Time
	RefTimeSource string
	// Audiences are the first assertion's audiences.
	Audiences []string
}

// display returns the display data of a checked message.
func display(res *Decoded, cfg *Config) Display {
	var d Display
	if res.Message != nil {
		d.XML = string(res.Message.XML)
	}
	p := &Pass{Config: cfg, Encoded: res.Encoded, Message: res.Message}
	d.RefTime, d.RefTimeSource = p.RefTime()
	if as := p.Assertions(); len(as) > 0 && as[0].Conditions != nil {
		for _, ar := range as[0].Conditions.AudienceRestrictions {
			d.Audiences = append(d.Audiences, ar.Audiences...)
		}
	}
	return d
}
