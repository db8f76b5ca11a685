// expect: MLE
public class Main { public static void main(String[] a) { long[] big = new long[400_000_000]; System.out.println(big.length); } }
