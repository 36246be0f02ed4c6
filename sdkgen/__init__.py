"""sdkgen: typed Python clients and a mock gateway from AWS API Gateway exports."""

__version__ = "0.1.0"
