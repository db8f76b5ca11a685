# expect: CE
def main(:
    pass
