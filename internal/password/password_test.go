package password

import "testing"

func TestGeneratedPasswordsPassTheCheckAndDiffer(t *testing.T) {
	seen := map[string]bool{}
	for range 500 {
		pw := Generate()
		if err := Check(pw, ""); err != nil {
			t.Fatalf("Generate made %q, which fails the check: %v", pw, err)
		}
		if seen[pw] {
			t.Fatalf("Generate repeated %q", pw)
		}
		seen[pw] = true
	}
}

func TestCheckRefusesWeakPasswords(t *testing.T) {
	cases := map[string]string{
		"short1A!":            "too short",
		"alllowercaseletters": "one class",
		"lowerUPPERletters":   "two classes",
		"xXaliceXx-2024":      "contains the username",
	}
	for pw, why := range cases {
		if Check(pw, "alice") == nil {
			t.Errorf("Check(%q) accepted a password that is %s", pw, why)
		}
	}
	if err := Check("Correct-horse-7", "alice"); err != nil {
		t.Errorf("Check refused a good password: %v", err)
	}
}

func FuzzCheckNeverPanicsAndRefusesShortInput(f *testing.F) {
	f.Add("Correct-horse-7", "alice")
	f.Add("", "")
	f.Add("ÄÖÜäöü123456", "ü")
	f.Fuzz(func(t *testing.T, pw, user string) {
		err := Check(pw, user)
		if len([]rune(pw)) < MinLength && err == nil {
			t.Errorf("Check accepted %q, shorter than %d", pw, MinLength)
		}
	})
}
