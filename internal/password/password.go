// Package password makes and checks the temporary passwords the portal
// hands out. Keycloak's own password policy still applies on top.
package password

import (
	"crypto/rand"
	"errors"
	"math/big"
	"strings"
	"unicode"
)

// MinLength is the shortest password an administrator may type.
const MinLength = 12

// generatedLength gives about 95 bits of entropy from the alphabet below.
const generatedLength = 16

// alphabet leaves out characters that are easy to misread (0/O, 1/l/I).
const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_.+!"

// Generate returns a strong random password that passes Check.
func Generate() string {
	for {
		if pw := random(); Check(pw, "") == nil {
			return pw
		}
	}
}

func random() string {
	var b strings.Builder
	max := big.NewInt(int64(len(alphabet)))
	for b.Len() < generatedLength {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic("password: no randomness: " + err.Error())
		}
		b.WriteByte(alphabet[n.Int64()])
	}
	return b.String()
}

// Check says why a typed password is too weak, or returns nil. The
// message is fit to show next to the field.
func Check(pw, username string) error {
	if len([]rune(pw)) < MinLength {
		return errors.New("Use at least 12 characters.")
	}
	var classes int
	for _, has := range []func(rune) bool{unicode.IsLower, unicode.IsUpper, unicode.IsDigit, isSymbol} {
		if strings.IndexFunc(pw, has) >= 0 {
			classes++
		}
	}
	if classes < 3 {
		return errors.New("Mix at least three of: lower-case letters, upper-case letters, digits, symbols.")
	}
	if username != "" && strings.Contains(strings.ToLower(pw), strings.ToLower(username)) {
		return errors.New("The password must not contain the username.")
	}
	return nil
}

func isSymbol(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsSpace(r) }
