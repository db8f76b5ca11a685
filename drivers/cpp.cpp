// verdict's C++ driver (issue 13; README.md "Function problems"): reads one
// JSON value per line of stdin, one line per parameter, calls the user's
// Solution method once and prints its return value as JSON after a marker
// line on stdout. The user's code goes where the VERDICT-USER-CODE line is,
// then the main() that judge/driver.c generates for the signature.
#include <bits/stdc++.h>
using namespace std;

namespace verdict {

static const char marker[] = "\n\x1eVERDICT-RESULT\x1e\n";
static std::string data;
static size_t start, p, end, next_line;
static int line;
static const char *name = "-";

[[noreturn]] __attribute__((format(printf, 1, 2))) static void fail(const char *fmt, ...)
{
    va_list ap;
    std::fprintf(stderr, "verdict driver: input line %d (%s): ", line, name);
    va_start(ap, fmt);
    std::vfprintf(stderr, fmt, ap);
    va_end(ap);
    std::fputc('\n', stderr);
    std::exit(97);
}

static void begin()
{
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof(buf), stdin)) > 0)
        data.append(buf, n);
    next_line = 0;
}

static bool blank(size_t a, size_t b)
{
    for (; a < b; a++)
        if (data[a] != ' ' && data[a] != '\t' && data[a] != '\r')
            return false;
    return true;
}

static void start_line(const char *n)
{
    line++;
    name = n;
    if (next_line >= data.size())
        fail("missing: the input has %d lines", line - 1);
    size_t nl = data.find('\n', next_line);
    start = p = next_line;
    end = nl == std::string::npos ? data.size() : nl;
    next_line = nl == std::string::npos ? data.size() : nl + 1;
}

static void ws()
{
    while (p < end && (data[p] == ' ' || data[p] == '\t' || data[p] == '\r'))
        p++;
}

static void line_end()
{
    ws();
    if (p != end)
        fail("more after the value");
}

static void finish()
{
    while (next_line < data.size()) {
        size_t nl = data.find('\n', next_line);
        size_t e = nl == std::string::npos ? data.size() : nl;
        line++;
        name = "-";
        if (!blank(next_line, e))
            fail("more lines than parameters");
        next_line = nl == std::string::npos ? data.size() : nl + 1;
    }
}

static void expect(char c, const char *what)
{
    ws();
    if (p >= end || data[p] != c)
        fail("expected %s at column %d", what, (int)(p - start) + 1);
    p++;
}

static bool digit_at(size_t i)
{
    return i < end && data[i] >= '0' && data[i] <= '9';
}

static long long integer(unsigned long long max_neg, unsigned long long max_pos, const char *what)
{
    ws();
    size_t s = p;
    bool neg = p < end && data[p] == '-';
    p += neg;
    if (!digit_at(p))
        fail("expected %s", what);
    if (data[p] == '0' && digit_at(p + 1))
        fail("a number with a leading zero");
    unsigned long long v = 0;
    bool over = false;
    for (; digit_at(p); p++) {
        unsigned d = (unsigned)(data[p] - '0');
        if (v > (ULLONG_MAX - d) / 10)
            over = true;
        else
            v = v * 10 + d;
    }
    if (p < end && (data[p] == '.' || data[p] == 'e' || data[p] == 'E'))
        fail("expected %s, got a number with a fraction or an exponent", what);
    if (over || v > (neg ? max_neg : max_pos))
        fail("%.*s is out of range of %s", (int)(p - s), data.c_str() + s, what);
    return neg ? (long long)(0 - v) : (long long)v;
}

static void read(int &v)
{
    v = (int)integer(2147483648ULL, 2147483647ULL, "an int");
}

static void read(long long &v)
{
    v = integer(9223372036854775808ULL, 9223372036854775807ULL, "a long");
}

static void digits()
{
    if (!digit_at(p))
        fail("expected a double");
    while (digit_at(p))
        p++;
}

static void read(double &v)
{
    ws();
    size_t s = p;
    p += p < end && data[p] == '-';
    if (p < end && data[p] == '0')
        p++;
    else
        digits();
    if (p < end && data[p] == '.') {
        p++;
        digits();
    }
    if (p < end && (data[p] == 'e' || data[p] == 'E')) {
        p++;
        p += p < end && (data[p] == '+' || data[p] == '-');
        digits();
    }
    v = std::strtod(std::string(data, s, p - s).c_str(), nullptr);
    if (std::isinf(v))
        fail("%.*s is out of range of a double", (int)(p - s), data.c_str() + s);
}

static void read(bool &v)
{
    ws();
    if (data.compare(p, 4, "true") == 0 && p + 4 <= end) {
        p += 4;
        v = true;
    } else if (data.compare(p, 5, "false") == 0 && p + 5 <= end) {
        p += 5;
        v = false;
    } else {
        fail("expected a bool");
    }
}

static unsigned hex4()
{
    unsigned u = 0;
    for (int i = 0; i < 4; i++, p++) {
        char c = p < end ? data[p] : 0;
        if (!std::isxdigit((unsigned char)c))
            fail("a bad \\u escape");
        u = u * 16 + (unsigned)(std::isdigit((unsigned char)c) ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return u;
}

static void utf8(std::string &o, unsigned cp)
{
    if (cp < 0x80) {
        o += (char)cp;
    } else if (cp < 0x800) {
        o += (char)(0xC0 | cp >> 6);
        o += (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        o += (char)(0xE0 | cp >> 12);
        o += (char)(0x80 | (cp >> 6 & 0x3F));
        o += (char)(0x80 | (cp & 0x3F));
    } else {
        o += (char)(0xF0 | cp >> 18);
        o += (char)(0x80 | (cp >> 12 & 0x3F));
        o += (char)(0x80 | (cp >> 6 & 0x3F));
        o += (char)(0x80 | (cp & 0x3F));
    }
}

static void read(std::string &o)
{
    expect('"', "a string");
    for (;;) {
        if (p >= end)
            fail("an unterminated string");
        unsigned char c = (unsigned char)data[p++];
        if (c == '"')
            return;
        if (c < 0x20)
            fail("a control character in a string");
        if (c != '\\') {
            o += (char)c;
            continue;
        }
        char e = p < end ? data[p++] : 0;
        static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
        const char *hit = e ? std::strchr(from, e) : nullptr;
        if (hit) {
            o += to[hit - from];
            continue;
        }
        if (e != 'u')
            fail("a bad escape in a string");
        unsigned cp = hex4();
        if (cp >= 0xD800 && cp < 0xDC00 && end - p >= 6 && data[p] == '\\' && data[p + 1] == 'u') {
            p += 2;
            unsigned lo = hex4();
            if (lo < 0xDC00 || lo >= 0xE000)
                fail("a lone surrogate in a string");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else if (cp >= 0xD800 && cp < 0xE000) {
            fail("a lone surrogate in a string");
        }
        if (cp == 0)
            fail("a string holds U+0000");
        utf8(o, cp);
    }
}

template <class T> static void read(std::vector<T> &v)
{
    expect('[', "an array");
    ws();
    if (p < end && data[p] == ']') {
        p++;
        return;
    }
    for (;;) {
        T x{};
        read(x);
        v.push_back(std::move(x));
        ws();
        if (p < end && data[p] == ',') {
            p++;
            continue;
        }
        expect(']', "',' or ']'");
        return;
    }
}

template <class T> static T arg(const char *n)
{
    start_line(n);
    T v{};
    read(v);
    line_end();
    return v;
}

// The result: whatever the method returned, as JSON (any integer, floating or
// string type, and containers of them).
static void write_double(std::string &o, double v)
{
    char b[64];
    auto r = std::to_chars(b, b + sizeof(b), v);
    o.append(b, r.ptr);
}

static void write_string(std::string &o, std::string_view s)
{
    o += '"';
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            o += '\\';
            o += (char)c;
        } else if (c >= 0x08 && c <= 0x0d && c != 0x0b) {
            o += '\\';
            o += "btn?fr"[c - 0x08];
        } else if (c < 0x20) {
            char b[8];
            std::snprintf(b, sizeof(b), "\\u%04x", c);
            o += b;
        } else {
            o += (char)c;
        }
    }
    o += '"';
}

template <class T> static void write(std::string &o, const T &v)
{
    if constexpr (std::is_same_v<T, bool>) {
        o += v ? "true" : "false";
    } else if constexpr (std::is_integral_v<T>) {
        o += std::to_string(v);
    } else if constexpr (std::is_floating_point_v<T>) {
        write_double(o, (double)v);
    } else if constexpr (std::is_convertible_v<const T &, std::string_view>) {
        write_string(o, v);
    } else {
        o += '[';
        bool first = true;
        for (const auto &x : v) {
            if (!first)
                o += ',';
            first = false;
            if constexpr (std::is_same_v<typename T::value_type, bool>)
                write(o, (bool)x);
            else
                write(o, x);
        }
        o += ']';
    }
}

// After whatever the user's code printed: the marker line, then the result.
template <class T> static void result(const T &v)
{
    std::string o;
    write(o, v);
    std::cout.flush();
    std::fflush(stdout);
    std::fwrite(marker, 1, sizeof(marker) - 1, stdout);
    std::fwrite(o.data(), 1, o.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

} // namespace verdict

// VERDICT-USER-CODE
