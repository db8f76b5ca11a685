// VERDICT-USER-CODE

// verdict's Rust driver (issue 13; README.md "Function problems"): reads one
// JSON value per line of stdin, one line per parameter, calls the user's
// Solution function once and prints its return value as JSON after a marker
// line on stdout. The user's code goes where the VERDICT-USER-CODE line is;
// judge/driver.c appends main().
struct Solution;

#[allow(dead_code, unused)]
mod verdict_driver {
    use std::io::{Read, Write};

    pub struct Input {
        data: Vec<u8>,
        start: usize,
        p: usize,
        end: usize,
        next: usize,
        line: usize,
        name: &'static str,
    }

    pub fn begin() -> Input {
        let mut data = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut data) {
            eprintln!("verdict driver: cannot read stdin: {}", e);
            std::process::exit(97);
        }
        if std::str::from_utf8(&data).is_err() {
            eprintln!("verdict driver: input line 0 (-): the input is not UTF-8");
            std::process::exit(97);
        }
        Input { data, start: 0, p: 0, end: 0, next: 0, line: 0, name: "-" }
    }

    pub trait Value: Sized {
        fn read(inp: &mut Input) -> Self;
        fn write(&self, out: &mut Vec<u8>);
    }

    impl Input {
        pub fn fail(&self, msg: &str) -> ! {
            eprintln!("verdict driver: input line {} ({}): {}", self.line, self.name, msg);
            std::process::exit(97);
        }

        pub fn arg<T: Value>(&mut self, name: &'static str) -> T {
            self.line += 1;
            self.name = name;
            if self.next >= self.data.len() {
                self.fail(&format!("missing: the input has {} lines", self.line - 1));
            }
            let nl = self.data[self.next..].iter().position(|&c| c == b'\n');
            self.start = self.next;
            self.p = self.next;
            self.end = nl.map_or(self.data.len(), |i| self.next + i);
            self.next = nl.map_or(self.data.len(), |i| self.next + i + 1);
            let v = T::read(self);
            self.ws();
            if self.p != self.end {
                self.fail("more after the value");
            }
            v
        }

        pub fn finish(&mut self) {
            while self.next < self.data.len() {
                let nl = self.data[self.next..].iter().position(|&c| c == b'\n');
                let end = nl.map_or(self.data.len(), |i| self.next + i);
                self.line += 1;
                self.name = "-";
                if self.data[self.next..end].iter().any(|&c| c != b' ' && c != b'\t' && c != b'\r') {
                    self.fail("more lines than parameters");
                }
                self.next = nl.map_or(self.data.len(), |i| self.next + i + 1);
            }
        }

        fn peek(&self) -> u8 {
            if self.p < self.end { self.data[self.p] } else { 0 }
        }

        fn ws(&mut self) {
            while matches!(self.peek(), b' ' | b'\t' | b'\r') {
                self.p += 1;
            }
        }

        fn expect(&mut self, c: u8, what: &str) {
            self.ws();
            if self.peek() != c {
                self.fail(&format!("expected {} at column {}", what, self.p - self.start + 1));
            }
            self.p += 1;
        }

        fn integer(&mut self, min: i128, max: i128, what: &str) -> i128 {
            self.ws();
            let s = self.p;
            if self.peek() == b'-' {
                self.p += 1;
            }
            if !self.peek().is_ascii_digit() {
                self.fail(&format!("expected {}", what));
            }
            if self.peek() == b'0' && self.p + 1 < self.end && self.data[self.p + 1].is_ascii_digit() {
                self.fail("a number with a leading zero");
            }
            while self.peek().is_ascii_digit() {
                self.p += 1;
            }
            if matches!(self.peek(), b'.' | b'e' | b'E') {
                self.fail(&format!("expected {}, got a number with a fraction or an exponent", what));
            }
            let token = std::str::from_utf8(&self.data[s..self.p]).unwrap();
            match token.parse::<i128>() {
                Ok(v) if v >= min && v <= max => v,
                _ => self.fail(&format!("{} is out of range of {}", token, what)),
            }
        }

        fn digits(&mut self) {
            if !self.peek().is_ascii_digit() {
                self.fail("expected a double");
            }
            while self.peek().is_ascii_digit() {
                self.p += 1;
            }
        }

        fn hex4(&mut self) -> u32 {
            let mut u = 0;
            for _ in 0..4 {
                let d = (self.peek() as char).to_digit(16);
                match d {
                    Some(d) => u = u * 16 + d,
                    None => self.fail("a bad \\u escape"),
                }
                self.p += 1;
            }
            u
        }
    }

    impl Value for i32 {
        fn read(inp: &mut Input) -> Self {
            inp.integer(i32::MIN as i128, i32::MAX as i128, "an int") as i32
        }
        fn write(&self, out: &mut Vec<u8>) {
            write!(out, "{}", self).unwrap();
        }
    }

    impl Value for i64 {
        fn read(inp: &mut Input) -> Self {
            inp.integer(i64::MIN as i128, i64::MAX as i128, "a long") as i64
        }
        fn write(&self, out: &mut Vec<u8>) {
            write!(out, "{}", self).unwrap();
        }
    }

    impl Value for f64 {
        fn read(inp: &mut Input) -> Self {
            inp.ws();
            let s = inp.p;
            if inp.peek() == b'-' {
                inp.p += 1;
            }
            if inp.peek() == b'0' {
                inp.p += 1;
            } else {
                inp.digits();
            }
            if inp.peek() == b'.' {
                inp.p += 1;
                inp.digits();
            }
            if matches!(inp.peek(), b'e' | b'E') {
                inp.p += 1;
                if matches!(inp.peek(), b'+' | b'-') {
                    inp.p += 1;
                }
                inp.digits();
            }
            let token = std::str::from_utf8(&inp.data[s..inp.p]).unwrap();
            let v: f64 = token.parse().unwrap_or(f64::INFINITY);
            if v.is_infinite() {
                inp.fail(&format!("{} is out of range of a double", token));
            }
            v
        }
        // Debug prints the shortest form that reads back the same double.
        fn write(&self, out: &mut Vec<u8>) {
            write!(out, "{:?}", self).unwrap();
        }
    }

    impl Value for bool {
        fn read(inp: &mut Input) -> Self {
            inp.ws();
            let rest = &inp.data[inp.p..inp.end];
            if rest.starts_with(b"true") {
                inp.p += 4;
                true
            } else if rest.starts_with(b"false") {
                inp.p += 5;
                false
            } else {
                inp.fail("expected a bool")
            }
        }
        fn write(&self, out: &mut Vec<u8>) {
            write!(out, "{}", self).unwrap();
        }
    }

    impl Value for String {
        fn read(inp: &mut Input) -> Self {
            inp.expect(b'"', "a string");
            let mut o: Vec<u8> = Vec::new();
            loop {
                if inp.p >= inp.end {
                    inp.fail("an unterminated string");
                }
                let c = inp.data[inp.p];
                inp.p += 1;
                match c {
                    b'"' => break,
                    0..=0x1f => inp.fail("a control character in a string"),
                    b'\\' => {}
                    _ => {
                        o.push(c);
                        continue;
                    }
                }
                let e = inp.peek();
                inp.p += 1;
                let simple = match e {
                    b'"' => Some(b'"'),
                    b'\\' => Some(b'\\'),
                    b'/' => Some(b'/'),
                    b'b' => Some(8),
                    b'f' => Some(12),
                    b'n' => Some(b'\n'),
                    b'r' => Some(b'\r'),
                    b't' => Some(b'\t'),
                    b'u' => None,
                    _ => inp.fail("a bad escape in a string"),
                };
                if let Some(b) = simple {
                    o.push(b);
                    continue;
                }
                let mut cp = inp.hex4();
                if (0xD800..0xDC00).contains(&cp) && inp.peek() == b'\\' && inp.p + 1 < inp.end && inp.data[inp.p + 1] == b'u' {
                    inp.p += 2;
                    let lo = inp.hex4();
                    if !(0xDC00..0xE000).contains(&lo) {
                        inp.fail("a lone surrogate in a string");
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
                if cp == 0 {
                    inp.fail("a string holds U+0000");
                }
                match char::from_u32(cp) {
                    Some(ch) => o.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes()),
                    None => inp.fail("a lone surrogate in a string"),
                }
            }
            String::from_utf8(o).unwrap()
        }
        fn write(&self, out: &mut Vec<u8>) {
            out.push(b'"');
            for &c in self.as_bytes() {
                match c {
                    b'"' | b'\\' => out.extend_from_slice(&[b'\\', c]),
                    0x08..=0x0a | 0x0c | 0x0d => out.extend_from_slice(&[b'\\', b"btn?fr"[(c - 0x08) as usize]]),
                    0..=0x1f => write!(out, "\\u{:04x}", c).unwrap(),
                    _ => out.push(c),
                }
            }
            out.push(b'"');
        }
    }

    impl<T: Value> Value for Vec<T> {
        fn read(inp: &mut Input) -> Self {
            let mut v = Vec::new();
            inp.expect(b'[', "an array");
            inp.ws();
            if inp.peek() == b']' {
                inp.p += 1;
                return v;
            }
            loop {
                v.push(T::read(inp));
                inp.ws();
                if inp.peek() == b',' {
                    inp.p += 1;
                    continue;
                }
                inp.expect(b']', "',' or ']'");
                return v;
            }
        }
        fn write(&self, out: &mut Vec<u8>) {
            out.push(b'[');
            for (i, x) in self.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                x.write(out);
            }
            out.push(b']');
        }
    }

    // After whatever the user's code printed: the marker line, then the result.
    pub fn result<T: Value>(v: &T) {
        let mut out = b"\n\x1eVERDICT-RESULT\x1e\n".to_vec();
        v.write(&mut out);
        out.push(b'\n');
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        lock.flush().ok();
        lock.write_all(&out).ok();
        lock.flush().ok();
    }
}
