package main

import (
	verdictBytes "bytes"
	verdictIO "io"
	verdictMath "math"
	verdictOS "os"
	verdictStrconv "strconv"
	verdictUTF8 "unicode/utf8"
)

// VERDICT-USER-CODE

// verdict's Go driver (issue 13; README.md "Function problems"): reads one
// JSON value per line of stdin, one line per parameter, calls the user's
// function once and prints its return value as JSON after a marker line on
// stdout. The imports above are renamed so that the user's own imports (which
// follow them) never clash; judge/driver.c appends main().

// The input, read by hand (encoding/json into interface{} costs ten times
// the parse of a plain program): the line being read is data[p:end].
var verdictData []byte
var verdictStart, verdictP, verdictEnd, verdictNext int
var verdictLine int
var verdictName = "-"

func verdictFail(msg string) {
	verdictOS.Stderr.WriteString("verdict driver: input line " + verdictStrconv.Itoa(verdictLine) +
		" (" + verdictName + "): " + msg + "\n")
	verdictOS.Exit(97)
}

func verdictBegin() {
	data, err := verdictIO.ReadAll(verdictOS.Stdin)
	if err != nil {
		verdictFail("cannot read stdin: " + err.Error())
	}
	if !verdictUTF8.Valid(data) {
		verdictFail("the input is not UTF-8")
	}
	verdictData = data
}

func verdictArg(name string) {
	verdictLine++
	verdictName = name
	if verdictNext >= len(verdictData) {
		verdictFail("missing: the input has " + verdictStrconv.Itoa(verdictLine-1) + " lines")
	}
	nl := verdictBytes.IndexByte(verdictData[verdictNext:], '\n')
	verdictStart, verdictP = verdictNext, verdictNext
	if nl < 0 {
		verdictEnd, verdictNext = len(verdictData), len(verdictData)
	} else {
		verdictEnd, verdictNext = verdictNext+nl, verdictNext+nl+1
	}
}

func verdictLineEnd() {
	verdictWS()
	if verdictP != verdictEnd {
		verdictFail("more after the value")
	}
}

func verdictFinish() {
	for verdictNext < len(verdictData) {
		nl := verdictBytes.IndexByte(verdictData[verdictNext:], '\n')
		end := len(verdictData)
		if nl >= 0 {
			end = verdictNext + nl
		}
		verdictLine++
		verdictName = "-"
		if len(verdictBytes.Trim(verdictData[verdictNext:end], " \t\r")) > 0 {
			verdictFail("more lines than parameters")
		}
		verdictNext = end + 1
	}
}

func verdictPeek() byte {
	if verdictP < verdictEnd {
		return verdictData[verdictP]
	}
	return 0
}

func verdictWS() {
	for c := verdictPeek(); c == ' ' || c == '\t' || c == '\r'; c = verdictPeek() {
		verdictP++
	}
}

func verdictExpect(c byte, what string) {
	verdictWS()
	if verdictPeek() != c {
		verdictFail("expected " + what + " at column " + verdictStrconv.Itoa(verdictP-verdictStart+1))
	}
	verdictP++
}

func verdictDigits(what string) {
	if c := verdictPeek(); c < '0' || c > '9' {
		verdictFail("expected " + what)
	}
	for c := verdictPeek(); c >= '0' && c <= '9'; c = verdictPeek() {
		verdictP++
	}
}

func verdictInteger(bits int, what string) int64 {
	verdictWS()
	s := verdictP
	if verdictPeek() == '-' {
		verdictP++
	}
	if verdictPeek() == '0' && verdictP+1 < verdictEnd && verdictData[verdictP+1] >= '0' && verdictData[verdictP+1] <= '9' {
		verdictFail("a number with a leading zero")
	}
	verdictDigits(what)
	if c := verdictPeek(); c == '.' || c == 'e' || c == 'E' {
		verdictFail("expected " + what + ", got a number with a fraction or an exponent")
	}
	// Up to 18 digits fit as accumulated; longer ones go through strconv,
	// which catches what is out of range.
	neg := verdictData[s] == '-'
	from := s
	if neg {
		from++
	}
	if verdictP-from <= 18 {
		var v int64
		for _, c := range verdictData[from:verdictP] {
			v = v*10 + int64(c-'0')
		}
		if neg {
			v = -v
		}
		if bits == 64 || (v >= -1<<31 && v < 1<<31) {
			return v
		}
	}
	v, err := verdictStrconv.ParseInt(string(verdictData[s:verdictP]), 10, bits)
	if err != nil {
		verdictFail(string(verdictData[s:verdictP]) + " is out of range of " + what)
	}
	return v
}

func verdictInt() int {
	return int(verdictInteger(32, "an int"))
}

func verdictLong() int64 {
	return verdictInteger(64, "a long")
}

func verdictDouble() float64 {
	verdictWS()
	s := verdictP
	if verdictPeek() == '-' {
		verdictP++
	}
	if verdictPeek() == '0' {
		verdictP++
	} else {
		verdictDigits("a double")
	}
	if verdictPeek() == '.' {
		verdictP++
		verdictDigits("a double")
	}
	if c := verdictPeek(); c == 'e' || c == 'E' {
		verdictP++
		if c := verdictPeek(); c == '+' || c == '-' {
			verdictP++
		}
		verdictDigits("a double")
	}
	token := string(verdictData[s:verdictP])
	f, _ := verdictStrconv.ParseFloat(token, 64)
	if verdictMath.IsInf(f, 0) {
		verdictFail(token + " is out of range of a double")
	}
	return f
}

func verdictBool() bool {
	verdictWS()
	rest := verdictData[verdictP:verdictEnd]
	if verdictBytes.HasPrefix(rest, []byte("true")) {
		verdictP += 4
		return true
	}
	if verdictBytes.HasPrefix(rest, []byte("false")) {
		verdictP += 5
		return false
	}
	verdictFail("expected a bool")
	return false
}

func verdictHex4() rune {
	if verdictEnd-verdictP < 4 {
		verdictFail("a bad \\u escape")
	}
	v, err := verdictStrconv.ParseUint(string(verdictData[verdictP:verdictP+4]), 16, 16)
	if err != nil {
		verdictFail("a bad \\u escape")
	}
	verdictP += 4
	return rune(v)
}

func verdictString() string {
	verdictExpect('"', "a string")
	var o []byte
	for {
		if verdictP >= verdictEnd {
			verdictFail("an unterminated string")
		}
		c := verdictData[verdictP]
		verdictP++
		switch {
		case c == '"':
			return string(o)
		case c < 0x20:
			verdictFail("a control character in a string")
		case c != '\\':
			o = append(o, c)
			continue
		}
		e := verdictPeek()
		verdictP++
		if k := verdictBytes.IndexByte([]byte("\"\\/bfnrt"), e); k >= 0 && e != 0 {
			o = append(o, "\"\\/\b\f\n\r\t"[k])
			continue
		}
		if e != 'u' {
			verdictFail("a bad escape in a string")
		}
		r := verdictHex4()
		if r >= 0xD800 && r < 0xDC00 && verdictEnd-verdictP >= 6 && verdictData[verdictP] == '\\' && verdictData[verdictP+1] == 'u' {
			verdictP += 2
			lo := verdictHex4()
			if lo < 0xDC00 || lo >= 0xE000 {
				verdictFail("a lone surrogate in a string")
			}
			r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
		} else if r >= 0xD800 && r < 0xE000 {
			verdictFail("a lone surrogate in a string")
		}
		if r == 0 {
			verdictFail("a string holds U+0000")
		}
		var b [4]byte
		o = append(o, b[:verdictUTF8.EncodeRune(b[:], r)]...)
	}
}

// An array's elements, each read by elem; empty arrays are empty, not nil.
func verdictArr[T any](elem func() T) []T {
	verdictExpect('[', "an array")
	r := []T{}
	verdictWS()
	if verdictPeek() == ']' {
		verdictP++
		return r
	}
	for {
		r = append(r, elem())
		verdictWS()
		if verdictPeek() == ',' {
			verdictP++
			continue
		}
		verdictExpect(']', "',' or ']'")
		return r
	}
}

func verdictArr2[T any](elem func() T) [][]T {
	return verdictArr(func() []T { return verdictArr(elem) })
}

// The result, as JSON: strconv for numbers (the shortest form that reads back
// the same double), strings escaped by hand (encoding/json would escape <>&).
func verdictWInt(b []byte, v int) []byte {
	return verdictStrconv.AppendInt(b, int64(v), 10)
}

func verdictWLong(b []byte, v int64) []byte {
	return verdictStrconv.AppendInt(b, v, 10)
}

func verdictWDouble(b []byte, v float64) []byte {
	return verdictStrconv.AppendFloat(b, v, 'g', -1, 64)
}

func verdictWBool(b []byte, v bool) []byte {
	return verdictStrconv.AppendBool(b, v)
}

func verdictWString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c >= 0x08 && c <= 0x0d && c != 0x0b:
			b = append(b, '\\', "btn?fr"[c-0x08])
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

func verdictWArr[T any](b []byte, a []T, w func([]byte, T) []byte) []byte {
	b = append(b, '[')
	for i, x := range a {
		if i > 0 {
			b = append(b, ',')
		}
		b = w(b, x)
	}
	return append(b, ']')
}

func verdictWArr2[T any](b []byte, a [][]T, w func([]byte, T) []byte) []byte {
	return verdictWArr(b, a, func(b []byte, row []T) []byte { return verdictWArr(b, row, w) })
}

// After whatever the user's code printed (fmt writes unbuffered): the marker
// line, then the result.
func verdictResult(b []byte) {
	out := verdictOS.NewFile(1, "stdout")
	out.Write(append(append([]byte("\n\x1eVERDICT-RESULT\x1e\n"), b...), '\n'))
}
