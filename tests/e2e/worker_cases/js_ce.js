// expect: CE
function main( {
