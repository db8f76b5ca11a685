use std::io::Read;

fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).unwrap();
    let mut it = s.split_ascii_whitespace().map(|x| x.parse::<i64>().unwrap());
    let n = it.next().unwrap() as usize;
    let mut best = i64::MIN;
    let mut cur: i64 = 0;
    for (i, x) in it.take(n).enumerate() {
        cur = if i == 0 || cur < 0 { x } else { cur + x };
        best = best.max(cur);
    }
    println!("{}", best);
}
