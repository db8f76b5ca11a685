import java.io.*;
import java.util.*;

public class Main {
    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
        int n = (int) readLong(in);
        long[] key = new long[n];
        long[] ls = new long[n], rs = new long[n];
        for (int i = 0; i < n; i++) {
            ls[i] = readLong(in);
            rs[i] = readLong(in);
        }
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Long.compare(ls[a], ls[b]));
        StringBuilder sb = new StringBuilder();
        int k = 0;
        long cl = ls[idx[0]], cr = rs[idx[0]];
        for (int t = 1; t < n; t++) {
            int i = idx[t];
            if (ls[i] <= cr) {
                cr = Math.max(cr, rs[i]);
            } else {
                sb.append(cl).append(' ').append(cr).append('\n');
                k++;
                cl = ls[i];
                cr = rs[i];
            }
        }
        sb.append(cl).append(' ').append(cr).append('\n');
        k++;
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out)));
        out.println(k);
        out.print(sb);
        out.flush();
    }

    static long readLong(DataInputStream in) throws IOException {
        int c = in.read();
        while (c == ' ' || c == '\n' || c == '\r' || c == '\t') c = in.read();
        boolean neg = c == '-';
        if (neg) c = in.read();
        long r = 0;
        while (c >= '0' && c <= '9') { r = r * 10 + (c - '0'); c = in.read(); }
        return neg ? -r : r;
    }
}
