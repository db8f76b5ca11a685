// expect: RE
throw new Error("boom");
