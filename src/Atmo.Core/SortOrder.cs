namespace Atmo.Core;

public enum SortOrder
{
    Ascending,
    Descending,
}
