// Package static embeds the portal's built assets (CSS, icons) so the
// binary serves them without files on disk.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
)

//go:embed dist
var dist embed.FS

// FS is the built assets, rooted at dist/.
var FS, _ = fs.Sub(dist, "dist")

// CSSURL is the stylesheet's path, with a digest of its content so that
// browsers fetch it anew after every change.
var CSSURL = "/admin/static/app.css?v=" + digestOf("app.css")

// JSURL is the script's path, versioned the same way.
var JSURL = "/admin/static/app.js?v=" + digestOf("app.js")

func digestOf(name string) string {
	b, err := fs.ReadFile(FS, name)
	if err != nil {
		panic("static: " + name + " is not embedded; run `make generate`")
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:6])
}
