"""The guide's build, shared by the MkDocs hooks, the tools, the tests and the benchmark."""
