// expect: TLE
public class Main { public static void main(String[] a) { long x = 0; while (x >= 0) x = (x + 1) % 1000; } }
