package goalpost

import "unicode/utf8"

// Password rule. bcrypt reads at most 72 bytes of a password: a longer one
// would be cut silently (and x/crypto refuses to hash it), so it is refused
// with the rule instead. 72 bytes of UTF-8 are 72 letters or digits, or 24
// Chinese characters.
const (
	MinPasswordChars = 10
	MaxPasswordBytes = 72
)

// CheckPassword says whether password may be set, in words a person can act on.
func CheckPassword(password string) error {
	if !utf8.ValidString(password) {
		return E(EINVALID, "err.password_chars")
	}
	if utf8.RuneCountInString(password) < MinPasswordChars {
		return E(EINVALID, "err.password_short", MinPasswordChars)
	}
	return CheckPasswordLength(password)
}

// CheckPasswordLength refuses a password longer than any that can be set;
// sign-in uses it too, since such a password can never be right.
func CheckPasswordLength(password string) error {
	if len(password) > MaxPasswordBytes {
		return E(EINVALID, "err.password_long",
			MaxPasswordBytes, MaxPasswordBytes, MaxPasswordBytes/3, len(password))
	}
	return nil
}
