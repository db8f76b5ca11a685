// expect: RE
// message: exit code 3
fn main() { std::process::exit(3); }
