package main

import (
	verdictBytes "bytes"
	verdictJSON "encoding/json"
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

var verdictLines [][]byte
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
	verdictLines = verdictBytes.Split(data, []byte("\n"))
	for len(verdictLines) > 0 && len(verdictBytes.Trim(verdictLines[len(verdictLines)-1], " \t\r")) == 0 {
		verdictLines = verdictLines[:len(verdictLines)-1]
	}
}

// verdictArg reads the next line as one JSON value, numbers kept as text.
func verdictArg(name string) interface{} {
	verdictLine++
	verdictName = name
	if verdictLine > len(verdictLines) {
		verdictFail("missing: the input has " + verdictStrconv.Itoa(len(verdictLines)) + " lines")
	}
	if verdictLoneSurrogate(verdictLines[verdictLine-1]) {
		verdictFail("a lone surrogate in a string")
	}
	dec := verdictJSON.NewDecoder(verdictBytes.NewReader(verdictLines[verdictLine-1]))
	dec.UseNumber()
	var v interface{}
	if err := dec.Decode(&v); err != nil {
		verdictFail("not JSON: " + err.Error())
	}
	if _, err := dec.Token(); err != verdictIO.EOF {
		verdictFail("more after the value")
	}
	return v
}

// encoding/json would make a lone surrogate escape U+FFFD; the other
// drivers refuse it. Backslashes occur only in strings of valid JSON.
func verdictLoneSurrogate(b []byte) bool {
	hex := func(i int) int {
		if i+6 > len(b) || b[i] != '\\' || b[i+1] != 'u' {
			return -1
		}
		v, err := verdictStrconv.ParseUint(string(b[i+2:i+6]), 16, 16)
		if err != nil {
			return -1
		}
		return int(v)
	}
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' {
			continue
		}
		u := hex(i)
		switch {
		case u >= 0xD800 && u < 0xDC00:
			if lo := hex(i + 6); lo < 0xDC00 || lo >= 0xE000 {
				return true
			}
			i += 11
		case u >= 0xDC00 && u < 0xE000:
			return true
		default:
			i++
		}
	}
	return false
}

func verdictFinish() {
	if verdictLine < len(verdictLines) {
		verdictLine++
		verdictName = "-"
		verdictFail("more lines than parameters")
	}
}

func verdictShow(v interface{}) string {
	b, _ := verdictJSON.Marshal(v)
	if len(b) > 40 {
		b = append(b[:40], "..."...)
	}
	return string(b)
}

func verdictInteger(v interface{}, bits int, what string) int64 {
	n, ok := v.(verdictJSON.Number)
	if !ok {
		verdictFail("expected " + what + ", got " + verdictShow(v))
	}
	i, err := verdictStrconv.ParseInt(string(n), 10, bits)
	if err != nil {
		if e, ok := err.(*verdictStrconv.NumError); ok && e.Err == verdictStrconv.ErrRange {
			verdictFail(string(n) + " is out of range of " + what)
		}
		verdictFail("expected " + what + ", got " + string(n))
	}
	return i
}

func verdictInt(v interface{}) int {
	return int(verdictInteger(v, 32, "an int"))
}

func verdictLong(v interface{}) int64 {
	return verdictInteger(v, 64, "a long")
}

func verdictDouble(v interface{}) float64 {
	n, ok := v.(verdictJSON.Number)
	if !ok {
		verdictFail("expected a double, got " + verdictShow(v))
	}
	f, err := verdictStrconv.ParseFloat(string(n), 64)
	if verdictMath.IsInf(f, 0) {
		verdictFail(string(n) + " is out of range of a double")
	}
	if err != nil {
		verdictFail("expected a double, got " + string(n))
	}
	return f
}

func verdictBool(v interface{}) bool {
	b, ok := v.(bool)
	if !ok {
		verdictFail("expected a bool, got " + verdictShow(v))
	}
	return b
}

func verdictString(v interface{}) string {
	s, ok := v.(string)
	if !ok {
		verdictFail("expected a string, got " + verdictShow(v))
	}
	if verdictBytes.IndexByte([]byte(s), 0) >= 0 {
		verdictFail("a string holds U+0000")
	}
	return s
}

func verdictArr[T any](v interface{}, conv func(interface{}) T) []T {
	a, ok := v.([]interface{})
	if !ok {
		verdictFail("expected an array, got " + verdictShow(v))
	}
	r := make([]T, len(a))
	for i, x := range a {
		r[i] = conv(x)
	}
	return r
}

func verdictArr2[T any](v interface{}, conv func(interface{}) T) [][]T {
	return verdictArr(v, func(x interface{}) []T { return verdictArr(x, conv) })
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
