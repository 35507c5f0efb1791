package templates

import "github.com/a-h/templ"

// loginFieldAttrs tie the sign-in fields to the error, if any.
func loginFieldAttrs(errorMessage string, invalid bool) templ.Attributes {
	a := templ.Attributes{}
	if errorMessage != "" {
		a["aria-describedby"] = "login-error"
	}
	if invalid {
		a["aria-invalid"] = "true"
	}
	return a
}
