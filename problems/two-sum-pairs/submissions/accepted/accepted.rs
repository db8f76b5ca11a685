use std::collections::HashMap;
use std::io::Read;

fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).unwrap();
    let mut it = s.split_ascii_whitespace().map(|x| x.parse::<i64>().unwrap());
    let n = it.next().unwrap() as usize;
    let t = it.next().unwrap();
    let mut seen: HashMap<i64, i64> = HashMap::with_capacity(n * 2);
    let mut pairs: i64 = 0;
    for x in it.take(n) {
        pairs += seen.get(&(t - x)).copied().unwrap_or(0);
        *seen.entry(x).or_insert(0) += 1;
    }
    println!("{}", pairs);
}
