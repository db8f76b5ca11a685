// expect: RE
// message: exit code 101
fn main() { let v: Vec<i32> = Vec::new(); println!("{}", v[3]); }
