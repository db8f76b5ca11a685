// expect: CE
package main

func main() { undefinedThing() }
