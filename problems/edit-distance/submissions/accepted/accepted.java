import java.io.*;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String a = in.readLine().trim(), b = in.readLine().trim();
        int n = a.length(), m = b.length();
        int[] prev = new int[m + 1], cur = new int[m + 1];
        for (int j = 0; j <= m; j++) prev[j] = j;
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            for (int j = 1; j <= m; j++) {
                int best = prev[j - 1] + (a.charAt(i - 1) != b.charAt(j - 1) ? 1 : 0);
                best = Math.min(best, prev[j] + 1);
                best = Math.min(best, cur[j - 1] + 1);
                cur[j] = best;
            }
            int[] t = prev; prev = cur; cur = t;
        }
        System.out.println(prev[m]);
    }
}
