namespace Atmo.Packaging.Tests;

/// <summary>The tests that share one build of the release artefacts (<see cref="ReleaseArtefacts"/>).</summary>
[CollectionDefinition(nameof(ReleaseCollection))]
public sealed class ReleaseCollection : ICollectionFixture<ReleaseArtefacts>;
