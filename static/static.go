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

func digestOf(name string) string {
	b, err := fs.ReadFile(FS, name)
	if err != nil {
		panic("static: " + name + " is not embedded; run `npm run build:css`")
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:6])
}
