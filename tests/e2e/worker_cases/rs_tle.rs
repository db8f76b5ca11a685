// expect: TLE
fn main() {
    let mut x: u64 = std::env::args().count() as u64;
    while x != 0 {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
    }
    println!("{}", x);
}
