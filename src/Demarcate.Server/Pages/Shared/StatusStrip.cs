using Demarcate.Core.Boundaries;
using Demarcate.Storage;

namespace Demarcate.Server.Pages;

/// <summary>What the border strip draws: the sections (for their names) and every sector the caller sees.</summary>
public sealed record StatusStrip(IReadOnlyList<Section> Sections, IReadOnlyList<SectorOnLine> Sectors);
