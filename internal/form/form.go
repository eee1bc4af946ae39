// Package form decodes and checks the portal's forms. Each form is a small
// model with a Validate method that returns a message per field; the
// views show each message next to its field.
package form

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode"
)

// Errors maps a field's name to what is wrong with it.
type Errors map[string]string

// OK says there is no error.
func (e Errors) OK() bool { return len(e) == 0 }

// dnsLabel is a DNS-1123 label: what Kubernetes accepts as a namespace name.
var dnsLabel = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)

// DNSLabelRule says the DNS-1123 label rule in words, for forms.
const DNSLabelRule = "Lower-case letters, digits and '-', at most 63 characters, " +
	"starting and ending with a letter or digit."

// IsDNSLabel says whether s is a valid DNS-1123 label.
func IsDNSLabel(s string) bool { return len(s) <= 63 && dnsLabel.MatchString(s) }

// isEmail accepts a bare address (no display name) of sensible length.
func isEmail(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " <>\"") {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndex(s, "@"):], ".")
}

// isName accepts a person's name: non-empty, at most 255 characters, no
// control characters.
func isName(s string) bool {
	return s != "" && len([]rune(s)) <= 255 && strings.IndexFunc(s, unicode.IsControl) < 0
}

// clean trims a submitted text value.
func clean(s string) string { return strings.TrimSpace(s) }
