from core.blobs.port import BlobNotFound, BlobStore, BlobVersion

__all__ = ["BlobNotFound", "BlobStore", "BlobVersion"]
