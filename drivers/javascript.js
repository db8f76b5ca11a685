// VERDICT-USER-CODE

// verdict's JavaScript driver (issue 13; README.md "Function problems"):
// reads one JSON value per line of stdin, one line per parameter, calls the
// user's function once and prints its return value as JSON after a marker
// line on stdout. A long is a number, as LeetCode passes it, while it is a
// safe integer (|v| <= 2^53 - 1); beyond that a BigInt, exact where a number
// would not be. A long may be returned as either.
// The user's code goes where the VERDICT-USER-CODE line is; judge/driver.c
// appends the call.
function verdictMain(call, params) {
    const fs = require('fs');
    const where = ['-', 0];
    const fail = (msg) => {
        fs.writeSync(2, `verdict driver: input line ${where[1]} (${where[0]}): ${msg}\n`);
        process.exit(97);
    };
    const limits = { int: [-(2 ** 31), 2 ** 31 - 1], long: [-(2n ** 63n), 2n ** 63n - 1n],
        safe: BigInt(Number.MAX_SAFE_INTEGER) };
    const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    const check = (v, scalar, dims, tokens) => {
        if (dims > 0) {
            if (!Array.isArray(v)) fail(`expected an array, got ${JSON.stringify(v)}`);
            return v.map((x) => check(x, scalar, dims - 1, tokens));
        }
        switch (scalar) {
        case 'int':
            if (!Number.isInteger(v)) fail(`expected an int, got ${JSON.stringify(v)}`);
            if (v < limits.int[0] || v > limits.int[1]) fail(`${v} is out of range of an int`);
            return v;
        case 'long': {
            if (typeof v !== 'number') fail(`expected a long, got ${JSON.stringify(v)}`);
            const b = BigInt(tokens.list[tokens.at++]); // not shift(): O(n) a call
            if (b < limits.long[0] || b > limits.long[1]) fail(`${b} is out of range of a long`);
            return b >= -limits.safe && b <= limits.safe ? Number(b) : b;
        }
        case 'double':
            if (typeof v !== 'number') fail(`expected a double, got ${JSON.stringify(v)}`);
            if (!Number.isFinite(v)) fail('a number is out of range of a double');
            return v;
        case 'bool':
            if (typeof v !== 'boolean') fail(`expected a bool, got ${JSON.stringify(v)}`);
            return v;
        default:
            if (typeof v !== 'string') fail(`expected a string, got ${JSON.stringify(v)}`);
            if (v.includes('\0')) fail('a string holds U+0000');
            if (lone.test(v)) fail('a lone surrogate in a string');
            return v;
        }
    };
    let text;
    try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(0));
    } catch (e) {
        fail(`the input is not UTF-8: ${e.message}`);
    }
    const lines = text.split('\n');
    while (lines.length && /^[ \t\r]*$/.test(lines[lines.length - 1])) lines.pop();
    const args = params.map(([name, scalar, dims], i) => {
        where[0] = name;
        where[1] = i + 1;
        if (i >= lines.length) fail(`missing: the input has ${lines.length} lines`);
        let v;
        try {
            v = JSON.parse(lines[i]);
        } catch (e) {
            fail(`not JSON: ${e.message}`);
        }
        // Numbers of integer types hold no fraction or exponent; a long's
        // digits are read again from the text, in order, as BigInts.
        let tokens = null;
        if (scalar === 'int' || scalar === 'long') {
            if (/[.eE]/.test(lines[i])) fail(`expected ${scalar === 'int' ? 'an int' : 'a long'}, got a number with a fraction or an exponent`);
            tokens = { list: lines[i].match(/-?\d+/g) || [], at: 0 };
        }
        return check(v, scalar, dims, tokens);
    });
    if (lines.length > params.length) {
        where[0] = '-';
        where[1] = params.length + 1;
        fail('more lines than parameters');
    }
    const json = (v) => {
        if (v === null || v === undefined) return 'null';
        switch (typeof v) {
        case 'bigint':
            return v.toString();
        case 'number':
        case 'boolean':
        case 'string':
            return JSON.stringify(v);
        default:
            if (Array.isArray(v) || ArrayBuffer.isView(v) || v instanceof Set) {
                const parts = [];
                for (const x of v) parts.push(json(x));
                return `[${parts.join(',')}]`;
            }
            return JSON.stringify(v) ?? 'null';
        }
    };
    const result = json(call(...args));
    // After whatever the user's code printed: the marker line, then the result.
    fs.writeSync(1, `\n\x1eVERDICT-RESULT\x1e\n${result}\n`);
}
