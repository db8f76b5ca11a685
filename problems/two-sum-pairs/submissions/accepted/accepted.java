import java.io.DataInputStream;
import java.io.IOException;
import java.util.HashMap;

public class Main {
    static DataInputStream in = new DataInputStream(System.in);
    static byte[] buf = new byte[1 << 16];
    static int len = 0, pos = 0;

    static int read() throws IOException {
        if (pos == len) {
            len = in.read(buf, 0, buf.length);
            pos = 0;
            if (len <= 0) return -1;
        }
        return buf[pos++];
    }

    static long nextLong() throws IOException {
        int c = read();
        while (c == ' ' || c == '\n' || c == '\r' || c == '\t') c = read();
        boolean neg = false;
        if (c == '-') { neg = true; c = read(); }
        long r = 0;
        while (c >= '0' && c <= '9') { r = r * 10 + (c - '0'); c = read(); }
        return neg ? -r : r;
    }

    public static void main(String[] args) throws IOException {
        int n = (int) nextLong();
        long t = nextLong();
        HashMap<Long, Integer> seen = new HashMap<>(2 * n);
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            long x = nextLong();
            pairs += seen.getOrDefault(t - x, 0);
            seen.merge(x, 1, Integer::sum);
        }
        System.out.println(pairs);
    }
}
