// expect: RE
public class Main { public static void main(String[] a) { throw new RuntimeException("boom"); } }
