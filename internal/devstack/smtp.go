package devstack

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/Nerzal/gocloak/v13"
	"github.com/emersion/go-smtp"
)

// portSMTP is the mail catcher's port, before the offset.
const portSMTP = 1025

// mailCatcher is an SMTP server on loopback that accepts every message
// and writes it, as received, to a folder: one .eml file per recipient.
// Keycloak sends its e-mails here; tests read them from the folder.
type mailCatcher struct {
	dir    string
	seq    atomic.Int64
	server *smtp.Server
}

func (s *Stack) startMailCatcher() error {
	m := &mailCatcher{dir: filepath.Join(s.opt.State, "mail")}
	if err := os.MkdirAll(m.dir, 0o700); err != nil {
		return err
	}
	m.server = smtp.NewServer(m)
	m.server.Domain = "localhost"
	m.server.ReadTimeout, m.server.WriteTimeout = 30*time.Second, 30*time.Second
	m.server.MaxMessageBytes = 10 << 20
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", s.opt.port(portSMTP)))
	if err != nil {
		return fmt.Errorf("mail catcher: %w", err)
	}
	go func() { _ = m.server.Serve(ln) }()
	s.mail = m
	s.MailDir = m.dir
	return nil
}

// NewSession answers every connection; no authentication is offered.
func (m *mailCatcher) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &mailSession{m: m}, nil
}

type mailSession struct {
	m  *mailCatcher
	to []string
}

func (s *mailSession) Reset()        { s.to = nil }
func (s *mailSession) Logout() error { return nil }

func (s *mailSession) Mail(string, *smtp.MailOptions) error { return nil }

func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *mailSession) Data(r io.Reader) error {
	body, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	for _, to := range s.to {
		n := s.m.seq.Add(1)
		name := fmt.Sprintf("%06d-%s.eml", n, strings.NewReplacer("/", "_", "@", "_at_").Replace(to))
		if err := os.WriteFile(filepath.Join(s.m.dir, name), body, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// configureRealmSMTP points the realm's e-mail at the mail catcher. The
// realm file cannot say it, since the port depends on the stack.
func (s *Stack) configureRealmSMTP(ctx context.Context) error {
	kc := gocloak.NewClient(s.KeycloakURL)
	tok, err := kc.LoginAdmin(ctx, KeycloakAdmin, KeycloakAdminPass, "master")
	if err != nil {
		return fmt.Errorf("keycloak admin login: %w", err)
	}
	realm, err := kc.GetRealm(ctx, tok.AccessToken, Realm)
	if err != nil {
		return fmt.Errorf("read realm: %w", err)
	}
	realm.SMTPServer = &map[string]string{
		"host": "127.0.0.1", "port": fmt.Sprint(s.opt.port(portSMTP)),
		"from": "platform@example.org", "fromDisplayName": "prokube platform",
	}
	if err := kc.UpdateRealm(ctx, tok.AccessToken, *realm); err != nil {
		return fmt.Errorf("set the realm's SMTP server: %w", err)
	}
	return nil
}
