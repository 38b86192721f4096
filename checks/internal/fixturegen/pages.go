package main

import (
	"bytes"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"strings"
)

// loginPage is the IdP's sign-in page; it loads the three static resources.
func loginPage() []byte {
	return []byte(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sign in - Example IdP</title>
<link rel="stylesheet" href="/static/css/login.css">
<script src="/static/js/login.bundle.js" defer></script>
</head>
<body>
<main class="login">
<img src="/static/img/logo.png" alt="Example IdP" width="16" height="16">
<h1>Sign in</h1>
<form method="post" action="/login" autocomplete="on">
<label>Email <input type="email" name="username" autocomplete="username" required></label>
<label>Password <input type="password" name="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>
</main>
</body>
</html>
`)
}

// formField is a hidden field of an auto-post form.
type formField struct{ name, value string }

// autoPostPage is the IdP's HTTP-POST binding page (saml-bindings §3.5.4): a
// form of hidden fields submitted by script. Fields with an empty value are
// left out.
func autoPostPage(action string, fields []formField) []byte {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Signing in…</title></head><body>\n")
	b.WriteString(`<form method="post" action="` + html.EscapeString(action) + `">`)
	for _, f := range fields {
		if f.value == "" {
			continue
		}
		b.WriteString(`<input type="hidden" name="` + f.name + `" value="` + html.EscapeString(f.value) + `"/>`)
	}
	b.WriteString("<noscript><input type=\"submit\" value=\"Continue\"/></noscript></form>")
	b.WriteString("<script>document.forms[0].submit()</script>\n</body></html>\n")
	return []byte(b.String())
}

// shibbolethPostPage is the auto-post page in the style of the Shibboleth IdP
// template: indented, RelayState first, and every non-alphanumeric character
// of the action and the values written as a hexadecimal character reference
// ("&#x2b;" for "+", "&#x3d;" for "="), as OWASP ESAPI's encodeForHTMLAttribute
// does. A reader must decode HTML character references to get the values.
func shibbolethPostPage(action string, fields []formField) []byte {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html>
<html>
    <head>
        <meta charset="utf-8" />
    </head>
    <body onload="document.forms[0].submit()">
        <noscript>
            <p>
                <strong>Note:</strong> Since your browser does not support JavaScript,
                you must press the Continue button once to proceed.
            </p>
        </noscript>
        <form action="` + escapeAllNonAlnum(action) + `" method="post">
            <div>
`)
	for _, f := range fields {
		if f.value == "" {
			continue
		}
		b.WriteString(`                <input type="hidden" name="` + f.name + `" value="` + escapeAllNonAlnum(f.value) + "\"/>\n")
	}
	b.WriteString(`            </div>
            <noscript>
                <div>
                    <input type="submit" value="Continue"/>
                </div>
            </noscript>
        </form>
    </body>
</html>
`)
	return []byte(b.String())
}

// escapeAllNonAlnum writes every character but ASCII letters, digits and
// ",.-_" as a hexadecimal character reference.
func escapeAllNonAlnum(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune(",.-_", r):
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, "&#x%x;", r)
		}
	}
	return b.String()
}

// portalPage is the AWS access portal after a successful sign-in.
func portalPage() []byte {
	return []byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>AWS access portal</title><meta name="viewport" content="width=device-width,initial-scale=1"><link rel="stylesheet" href="/start/assets/main.css"></head><body><noscript>You need to enable JavaScript to use the AWS access portal.</noscript><div id="root"></div><script src="/start/assets/main.js"></script></body></html>
`)
}

// idcErrorPage is the page IAM Identity Center shows when it rejects a SAML
// response (troubleshooting.html: "An unexpected error has occurred").
func idcErrorPage() []byte {
	return []byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>AWS access portal</title></head><body><div class="awsui-alert awsui-alert-type-error" role="alert"><h1>Error</h1><p>An unexpected error has occurred</p><p>Contact your administrator for help.</p></div></body></html>
`)
}

// consolePage is the AWS Management Console home page.
func consolePage() []byte {
	return []byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Console Home | Console Home | us-east-1</title></head><body><div id="app"></div><script src="https://console.aws.amazon.com/console/assets/home.js"></script></body></html>
`)
}

// connectPage is the Amazon Connect agent workspace.
func connectPage() []byte {
	return []byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Amazon Connect - Agent Workspace</title></head><body><div id="root"></div><script src="/agent-app-v2/static/js/main.js"></script></body></html>
`)
}

// loginCSS is the IdP's stylesheet.
func loginCSS() []byte {
	return []byte(`body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f5f7}
.login{max-width:24rem;margin:6rem auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15)}
.login label{display:block;margin:1rem 0}.login input{width:100%;padding:.5rem}
`)
}

// loginJS is the IdP's script bundle: it mentions SAMLResponse (it knows how
// to auto-submit a form) but carries no SAML message.
func loginJS() []byte {
	return []byte(`/*! login.bundle.js v4.2.1 */
(function(){"use strict";
var SAML_FIELDS=["SAMLRequest","SAMLResponse","RelayState"];
function autoPost(){var f=document.forms[0];if(f&&f.elements.SAMLResponse){f.submit();}}
function template(action){return '<form method="post" action="'+action+'"><input type="hidden" name="SAMLResponse" value=""/></form>';}
function body(resp,rs){return "SAMLResponse="+encodeURIComponent(resp)+"&RelayState="+encodeURIComponent(rs);}
window.addEventListener("load",autoPost);
window.__idp={fields:SAML_FIELDS,template:template,body:body};
})();
`)
}

// logoPNG is a 16×16 PNG, stored uncompressed so the bytes are stable.
func logoPNG() ([]byte, error) {
	img := image.NewNRGBA(image.Rect(0, 0, 16, 16))
	for y := range 16 {
		for x := range 16 {
			c := color.NRGBA{R: 0xff, G: 0x99, B: 0x00, A: 0xff}
			if (x-8)*(x-8)+(y-8)*(y-8) > 49 {
				c = color.NRGBA{}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.NoCompression}
	if err := enc.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
