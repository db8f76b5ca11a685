const s = require('fs').readFileSync(0, 'latin1').replace(/[\r\n]+$/, '');
process.stdout.write(s.split('').reverse().join('') + '\n');
