package stacktest

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// WaitForMail waits up to 30 seconds for an e-mail to the address that is
// not in seen, marks it seen, and returns its plain-text body.
func WaitForMail(t testing.TB, to string, seen map[string]bool) string {
	t.Helper()
	dir := Getenv(t, "PKSTACK_MAILDIR")
	suffix := "-" + strings.NewReplacer("/", "_", "@", "_at_").Replace(to) + ".eml"
	deadline := time.Now().Add(30 * time.Second)
	for {
		names, _ := filepath.Glob(filepath.Join(dir, "*"+suffix))
		sort.Strings(names)
		for _, n := range names {
			if !seen[n] {
				seen[n] = true
				return plainText(t, n)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no e-mail to %s arrived within 30s", to)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// MailsTo lists the e-mails to the address received so far, so a later
// WaitForMail sees only new ones.
func MailsTo(t testing.TB, to string) map[string]bool {
	t.Helper()
	dir := Getenv(t, "PKSTACK_MAILDIR")
	suffix := "-" + strings.NewReplacer("/", "_", "@", "_at_").Replace(to) + ".eml"
	names, _ := filepath.Glob(filepath.Join(dir, "*"+suffix))
	seen := map[string]bool{}
	for _, n := range names {
		seen[n] = true
	}
	return seen
}

// plainText returns the text/plain part of a message, decoded.
func plainText(t testing.TB, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	msg, err := mail.ReadMessage(f)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	mediaType, params, _ := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if !strings.HasPrefix(mediaType, "multipart/") {
		return decodePart(t, msg.Body, msg.Header.Get("Content-Transfer-Encoding"))
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			t.Fatalf("no text/plain part in %s", path)
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") {
			return decodePart(t, p, p.Header.Get("Content-Transfer-Encoding"))
		}
	}
}

func decodePart(t testing.TB, r io.Reader, encoding string) string {
	t.Helper()
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var actionLink = regexp.MustCompile(`https?://[^\s"<>]+/login-actions/action-token\?[^\s"<>]+`)

// ActionLink finds Keycloak's action link in an e-mail body.
func ActionLink(t testing.TB, body string) string {
	t.Helper()
	link := actionLink.FindString(body)
	if link == "" {
		t.Fatalf("no action link in the e-mail:\n%s", body)
	}
	return link
}

// LinkLifetime reads how long an action link's token is valid, from the
// token's own iat and exp claims.
func LinkLifetime(t testing.TB, link string) time.Duration {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(u.Query().Get("key"), ".")
	if len(parts) != 3 {
		t.Fatalf("the link's key is not a JWT: %s", link)
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims struct {
		Iat int64 `json:"iat"`
		Exp int64 `json:"exp"`
	}
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	return time.Duration(claims.Exp-claims.Iat) * time.Second
}
