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
		return Errorf(EINVALID, "密码含有无效字符")
	}
	if utf8.RuneCountInString(password) < MinPasswordChars {
		return Errorf(EINVALID, "密码至少 %d 个字符", MinPasswordChars)
	}
	return CheckPasswordLength(password)
}

// CheckPasswordLength refuses a password longer than any that can be set;
// sign-in uses it too, since such a password can never be right.
func CheckPasswordLength(password string) error {
	if len(password) > MaxPasswordBytes {
		return Errorf(EINVALID, "密码最长 %d 字节（%d 个英文字母或数字，或 %d 个汉字）；这个密码有 %d 字节",
			MaxPasswordBytes, MaxPasswordBytes, MaxPasswordBytes/3, len(password))
	}
	return nil
}
