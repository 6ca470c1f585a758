package manifest

import "testing"

// typicalSetupPy is a setup.py of the usual size and shape (about 1.5 KB).
var typicalSetupPy = `#!/usr/bin/env python
import os
from setuptools import setup, find_packages

here = os.path.abspath(os.path.dirname(__file__))
with open(os.path.join(here, "README.md")) as f:
    long_description = f.read()

REQUIRES = [
    "requests>=2.25",
    "click>=8",
    "pydantic>=2,<3",
    "sqlalchemy>=2.0",
    "jinja2",
]
EXTRAS = {
    "dev": ["pytest>=7", "black", "ruff", "mypy"],
    "docs": ["sphinx", "furo"],
}

setup(
    name="example",
    version="1.2.3",
    description="An example package",
    long_description=long_description,
    long_description_content_type="text/markdown",
    author="Someone",
    author_email="someone@example.com",
    url="https://example.com/example",
    packages=find_packages(exclude=["tests", "tests.*"]),
    include_package_data=True,
    python_requires=">=3.9",
    install_requires=REQUIRES,
    extras_require=EXTRAS,
    entry_points={"console_scripts": ["example=example.cli:main"]},
    classifiers=[
        "Programming Language :: Python :: 3",
        "License :: OSI Approved :: MIT License",
        "Operating System :: OS Independent",
    ],
)
`

// BenchmarkParseSetupPy measures the manifest parser's own parse of a
// setup.py, the work repeated because the Python analysis does not share
// its syntax tree (see analyzer/parse.go).
func BenchmarkParseSetupPy(b *testing.B) {
	data := []byte(typicalSetupPy)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		f := Parse("setup.py", data)
		if len(f.Dependencies) != 11 || len(f.Warnings) != 0 {
			b.Fatalf("%d dependencies, warnings %v", len(f.Dependencies), f.Warnings)
		}
	}
}
