use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::{Read, Write};

fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).unwrap();
    let mut it = s.split_ascii_whitespace().map(|x| x.parse::<i64>().unwrap());
    let n = it.next().unwrap() as usize;
    let m = it.next().unwrap() as usize;
    let mut adj: Vec<Vec<(usize, i64)>> = vec![Vec::new(); n + 1];
    for _ in 0..m {
        let u = it.next().unwrap() as usize;
        let v = it.next().unwrap() as usize;
        let w = it.next().unwrap();
        adj[u].push((v, w));
        adj[v].push((u, w));
    }
    let mut dist = vec![-1i64; n + 1];
    dist[1] = 0;
    let mut pq = BinaryHeap::new();
    pq.push(Reverse((0i64, 1usize)));
    while let Some(Reverse((d, u))) = pq.pop() {
        if d != dist[u] {
            continue;
        }
        for &(v, w) in &adj[u] {
            let nd = d + w;
            if dist[v] == -1 || nd < dist[v] {
                dist[v] = nd;
                pq.push(Reverse((nd, v)));
            }
        }
    }
    let mut out = String::with_capacity(n * 8);
    for d in &dist[1..] {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    std::io::stdout().write_all(out.as_bytes()).unwrap();
}
