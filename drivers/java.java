import java.util.*; import java.util.function.*; import java.util.stream.*; import java.math.*; import java.io.*; import java.nio.charset.StandardCharsets;
// VERDICT-USER-CODE

// verdict's Java driver (issue 13; README.md "Function problems"): reads one
// JSON value per line of stdin, one line per parameter, calls the user's
// Solution method once and prints its return value as JSON after a marker line
// on stdout. The imports above share the user's first line, so that the
// compiler's line numbers are the user's; judge/driver.c appends class Main.
final class VerdictIO {
    static final byte[] MARKER = "\n\u001eVERDICT-RESULT\u001e\n".getBytes(StandardCharsets.UTF_8);
    static String text;
    static int start, p, end, next, line;
    static String name = "-";

    static RuntimeException fail(String msg) {
        System.err.println("verdict driver: input line " + line + " (" + name + "): " + msg);
        System.err.flush();
        System.exit(97);
        return new IllegalStateException();
    }

    static void begin() {
        try {
            byte[] all = System.in.readAllBytes();
            java.nio.charset.CharsetDecoder d = StandardCharsets.UTF_8.newDecoder();
            text = d.decode(java.nio.ByteBuffer.wrap(all)).toString();
        } catch (IOException e) {
            throw fail("the input is not UTF-8: " + e);
        }
    }

    static boolean blank(int a, int b) {
        for (; a < b; a++) {
            char c = text.charAt(a);
            if (c != ' ' && c != '\t' && c != '\r') return false;
        }
        return true;
    }

    static void line(String n) {
        line++;
        name = n;
        if (next >= text.length()) throw fail("missing: the input has " + (line - 1) + " lines");
        int nl = text.indexOf('\n', next);
        start = p = next;
        end = nl < 0 ? text.length() : nl;
        next = nl < 0 ? text.length() : nl + 1;
    }

    static void ws() {
        while (p < end && (text.charAt(p) == ' ' || text.charAt(p) == '\t' || text.charAt(p) == '\r')) p++;
    }

    static void lineEnd() {
        ws();
        if (p != end) throw fail("more after the value");
    }

    static void finish() {
        while (next < text.length()) {
            int nl = text.indexOf('\n', next);
            int e = nl < 0 ? text.length() : nl;
            line++;
            name = "-";
            if (!blank(next, e)) throw fail("more lines than parameters");
            next = nl < 0 ? text.length() : nl + 1;
        }
    }

    static void expect(char c, String what) {
        ws();
        if (p >= end || text.charAt(p) != c) throw fail("expected " + what + " at column " + (p - start + 1));
        p++;
    }

    static boolean digit(int i) {
        return i < end && text.charAt(i) >= '0' && text.charAt(i) <= '9';
    }

    static long integer(long min, long max, String what) {
        ws();
        int s = p;
        if (p < end && text.charAt(p) == '-') p++;
        if (!digit(p)) throw fail("expected " + what);
        if (text.charAt(p) == '0' && digit(p + 1)) throw fail("a number with a leading zero");
        long v = 0;
        int from = p;
        while (digit(p)) v = v * 10 + (text.charAt(p++) - '0');
        if (p < end && ".eE".indexOf(text.charAt(p)) >= 0)
            throw fail("expected " + what + ", got a number with a fraction or an exponent");
        if (text.charAt(s) == '-') v = -v;
        // Up to 18 digits fit a long as accumulated; longer ones are parsed
        // again, which catches what is out of range.
        if (p - from > 18) {
            try {
                v = Long.parseLong(text.substring(s, p));
            } catch (NumberFormatException e) {
                throw fail(text.substring(s, p) + " is out of range of " + what);
            }
        }
        if (v < min || v > max) throw fail(v + " is out of range of " + what);
        return v;
    }

    static int readInt() {
        return (int) integer(Integer.MIN_VALUE, Integer.MAX_VALUE, "an int");
    }

    static long readLong() {
        return integer(Long.MIN_VALUE, Long.MAX_VALUE, "a long");
    }

    static void digits() {
        if (!digit(p)) throw fail("expected a double");
        while (digit(p)) p++;
    }

    static double readDouble() {
        ws();
        int s = p;
        if (p < end && text.charAt(p) == '-') p++;
        if (p < end && text.charAt(p) == '0') p++;
        else digits();
        if (p < end && text.charAt(p) == '.') {
            p++;
            digits();
        }
        if (p < end && (text.charAt(p) == 'e' || text.charAt(p) == 'E')) {
            p++;
            if (p < end && (text.charAt(p) == '+' || text.charAt(p) == '-')) p++;
            digits();
        }
        double v = Double.parseDouble(text.substring(s, p));
        if (Double.isInfinite(v)) throw fail(text.substring(s, p) + " is out of range of a double");
        return v;
    }

    static boolean readBool() {
        ws();
        if (text.startsWith("true", p) && p + 4 <= end) {
            p += 4;
            return true;
        }
        if (text.startsWith("false", p) && p + 5 <= end) {
            p += 5;
            return false;
        }
        throw fail("expected a bool");
    }

    static int hex4() {
        if (end - p < 4) throw fail("a bad \\u escape");
        int u = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(p++), 16);
            if (d < 0) throw fail("a bad \\u escape");
            u = u * 16 + d;
        }
        return u;
    }

    static String readString() {
        expect('"', "a string");
        StringBuilder o = new StringBuilder();
        for (;;) {
            if (p >= end) throw fail("an unterminated string");
            char c = text.charAt(p++);
            if (c == '"') return o.toString();
            if (c < 0x20) throw fail("a control character in a string");
            if (c != '\\') {
                o.append(c);
                continue;
            }
            char e = p < end ? text.charAt(p++) : 0;
            int k = "\"\\/bfnrt".indexOf(e);
            if (k >= 0 && e != 0) {
                o.append("\"\\/\b\f\n\r\t".charAt(k));
                continue;
            }
            if (e != 'u') throw fail("a bad escape in a string");
            int cp = hex4();
            if (cp >= 0xD800 && cp < 0xDC00 && end - p >= 6 && text.charAt(p) == '\\' && text.charAt(p + 1) == 'u') {
                p += 2;
                int lo = hex4();
                if (lo < 0xDC00 || lo >= 0xE000) throw fail("a lone surrogate in a string");
                o.append((char) cp).append((char) lo);
                continue;
            }
            if (cp >= 0xD800 && cp < 0xE000) throw fail("a lone surrogate in a string");
            if (cp == 0) throw fail("a string holds U+0000");
            o.append((char) cp);
        }
    }

    // Arrays: open() reads '[' and says whether an element follows; next()
    // reads ',' (true) or ']' (false). Plain loops, no lambdas: the first
    // lambda costs the JVM milliseconds of start-up on every test.
    static boolean open() {
        expect('[', "an array");
        ws();
        if (p < end && text.charAt(p) == ']') {
            p++;
            return false;
        }
        return true;
    }

    static boolean next() {
        ws();
        if (p < end && text.charAt(p) == ',') {
            p++;
            return true;
        }
        expect(']', "',' or ']'");
        return false;
    }

    static int[] readIntArr() {
        int[] a = new int[16];
        int n = 0;
        if (open()) do {
            if (n == a.length) a = Arrays.copyOf(a, n * 2);
            a[n++] = readInt();
        } while (next());
        return Arrays.copyOf(a, n);
    }

    static long[] readLongArr() {
        long[] a = new long[16];
        int n = 0;
        if (open()) do {
            if (n == a.length) a = Arrays.copyOf(a, n * 2);
            a[n++] = readLong();
        } while (next());
        return Arrays.copyOf(a, n);
    }

    static double[] readDoubleArr() {
        double[] a = new double[16];
        int n = 0;
        if (open()) do {
            if (n == a.length) a = Arrays.copyOf(a, n * 2);
            a[n++] = readDouble();
        } while (next());
        return Arrays.copyOf(a, n);
    }

    static boolean[] readBoolArr() {
        boolean[] a = new boolean[16];
        int n = 0;
        if (open()) do {
            if (n == a.length) a = Arrays.copyOf(a, n * 2);
            a[n++] = readBool();
        } while (next());
        return Arrays.copyOf(a, n);
    }

    static String[] readStringArr() {
        ArrayList<String> a = new ArrayList<>();
        if (open()) do a.add(readString()); while (next());
        return a.toArray(new String[0]);
    }

    static int[][] readIntArr2() {
        ArrayList<int[]> a = new ArrayList<>();
        if (open()) do a.add(readIntArr()); while (next());
        return a.toArray(new int[0][]);
    }

    static long[][] readLongArr2() {
        ArrayList<long[]> a = new ArrayList<>();
        if (open()) do a.add(readLongArr()); while (next());
        return a.toArray(new long[0][]);
    }

    static double[][] readDoubleArr2() {
        ArrayList<double[]> a = new ArrayList<>();
        if (open()) do a.add(readDoubleArr()); while (next());
        return a.toArray(new double[0][]);
    }

    static boolean[][] readBoolArr2() {
        ArrayList<boolean[]> a = new ArrayList<>();
        if (open()) do a.add(readBoolArr()); while (next());
        return a.toArray(new boolean[0][]);
    }

    static String[][] readStringArr2() {
        ArrayList<String[]> a = new ArrayList<>();
        if (open()) do a.add(readStringArr()); while (next());
        return a.toArray(new String[0][]);
    }

    // The result: whatever the method returned, as JSON.
    static void string(StringBuilder o, String s) {
        o.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (c == '"' || c == '\\') o.append('\\').append(c);
            else if (c >= 0x08 && c <= 0x0d && c != 0x0b) o.append('\\').append("btn?fr".charAt(c - 0x08));
            else if (c < 0x20) o.append(String.format("\\u%04x", (int) c));
            else if (paired) o.append(c).append(s.charAt(++i));
            else if (Character.isSurrogate(c)) o.append(String.format("\\u%04x", (int) c));
            else o.append(c);
        }
        o.append('"');
    }

    static void json(StringBuilder o, Object v) {
        if (v == null) o.append("null");
        else if (v instanceof String) string(o, (String) v);
        else if (v instanceof Double || v instanceof Float) o.append(((Number) v).doubleValue());
        else if (v instanceof Number || v instanceof Boolean) o.append(v);
        else if (v instanceof Character) string(o, v.toString());
        else if (v instanceof int[]) {
            int[] a = (int[]) v;
            o.append('[');
            for (int i = 0; i < a.length; i++) o.append(i > 0 ? "," : "").append(a[i]);
            o.append(']');
        } else if (v instanceof long[]) {
            long[] a = (long[]) v;
            o.append('[');
            for (int i = 0; i < a.length; i++) o.append(i > 0 ? "," : "").append(a[i]);
            o.append(']');
        } else if (v instanceof double[]) {
            double[] a = (double[]) v;
            o.append('[');
            for (int i = 0; i < a.length; i++) o.append(i > 0 ? "," : "").append(a[i]);
            o.append(']');
        } else if (v instanceof boolean[]) {
            boolean[] a = (boolean[]) v;
            o.append('[');
            for (int i = 0; i < a.length; i++) o.append(i > 0 ? "," : "").append(a[i]);
            o.append(']');
        } else if (v instanceof Object[] || v instanceof Iterable) {
            Iterable<?> it = v instanceof Object[] ? Arrays.asList((Object[]) v) : (Iterable<?>) v;
            o.append('[');
            boolean first = true;
            for (Object x : it) {
                if (!first) o.append(',');
                first = false;
                json(o, x);
            }
            o.append(']');
        } else string(o, v.toString());
    }

    // After whatever the user's code printed: the marker line, then the result.
    static void result(Object v) {
        StringBuilder o = new StringBuilder();
        json(o, v);
        System.out.flush();
        try {
            FileOutputStream out = new FileOutputStream(FileDescriptor.out);
            out.write(MARKER);
            out.write(o.append('\n').toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
