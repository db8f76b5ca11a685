// expect: WA
fn main() { println!("0"); }
