use std::io::Read;

fn main() {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).unwrap();
    let mut it = text.split_ascii_whitespace();
    let n: usize = it.next().unwrap().parse().unwrap();
    let a: Vec<i32> = it.take(n).map(|t| t.parse().unwrap()).collect();
    let s: i64 = a.iter().map(|&x| x as i64).sum();
    println!("{}", s);
}
