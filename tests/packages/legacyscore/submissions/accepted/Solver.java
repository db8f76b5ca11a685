import java.util.Scanner;

// Not Main: Kattis names classes after the problem.
public class Solver {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        System.out.println(in.nextLong() + in.nextLong());
    }
}
