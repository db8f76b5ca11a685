// expect: RE
// message: exit code 2
package main

func main() { panic("boom") }
