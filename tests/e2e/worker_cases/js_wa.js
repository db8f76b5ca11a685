// expect: WA
console.log("0");
