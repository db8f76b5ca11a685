import java.io.*;
import java.util.*;

public class Main {
    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
        int n = (int) readLong(in), m = (int) readLong(in);
        int[] head = new int[n + 1], next = new int[2 * m], to = new int[2 * m];
        long[] w = new long[2 * m];
        Arrays.fill(head, -1);
        int e = 0;
        for (int i = 0; i < m; i++) {
            int u = (int) readLong(in), v = (int) readLong(in);
            long c = readLong(in);
            to[e] = v; w[e] = c; next[e] = head[u]; head[u] = e++;
            to[e] = u; w[e] = c; next[e] = head[v]; head[v] = e++;
        }
        long[] dist = new long[n + 1];
        Arrays.fill(dist, -1);
        dist[1] = 0;
        PriorityQueue<long[]> pq = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        pq.add(new long[] {0, 1});
        while (!pq.isEmpty()) {
            long[] top = pq.poll();
            int u = (int) top[1];
            if (top[0] != dist[u]) continue;
            for (int k = head[u]; k != -1; k = next[k]) {
                long nd = top[0] + w[k];
                if (dist[to[k]] == -1 || nd < dist[to[k]]) {
                    dist[to[k]] = nd;
                    pq.add(new long[] {nd, to[k]});
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) sb.append(dist[i]).append('\n');
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out)));
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
